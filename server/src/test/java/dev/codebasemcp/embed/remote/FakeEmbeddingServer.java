package dev.codebasemcp.embed.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on the loopback that speaks Ollama's or OpenAI's embedding API: answers with
 * made-up but deterministic vectors, or with the scripted failures queued before. Thread-safe.
 */
final class FakeEmbeddingServer implements AutoCloseable {
  enum Protocol {
    OLLAMA,
    OPENAI
  }

  /** A request as the server saw it. */
  record Request(String path, String authorization, JsonNode body) {
    List<String> inputs() {
      List<String> inputs = new ArrayList<>();
      body.path("input").forEach(node -> inputs.add(node.asString()));
      return inputs;
    }
  }

  /** A scripted answer, used once, before the normal ones. */
  record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    static Reply status(int status, String body) {
      return new Reply(status, Map.of(), body, Duration.ZERO);
    }

    Reply withHeader(String name, String value) {
      return new Reply(status, Map.of(name, value), body, delay);
    }

    static Reply slow(Duration delay) {
      return new Reply(200, Map.of(), "{}", delay);
    }
  }

  private final Protocol protocol;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int dimension;
  private volatile boolean normalized = true;
  private volatile int dropVectors;

  private FakeEmbeddingServer(Protocol protocol, int dimension) throws IOException {
    this.protocol = protocol;
    this.dimension = dimension;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeEmbeddingServer start(Protocol protocol, int dimension) throws IOException {
    return new FakeEmbeddingServer(protocol, dimension);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void enqueue(Reply reply) {
    script.add(reply);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void dimension(int dimension) {
    this.dimension = dimension;
  }

  void normalized(boolean normalized) {
    this.normalized = normalized;
  }

  /** Answers with this many vectors fewer than asked for. */
  void dropVectors(int count) {
    this.dropVectors = count;
  }

  /** The vector this server gives {@code text}: made from its hash, the same every time. */
  float[] vectorOf(String text) {
    float[] vector = new float[dimension];
    int hash = text.hashCode();
    for (int d = 0; d < dimension; d++) {
      vector[d] = ((hash >>> (d % 24)) & 0xF) + 1 + d;
    }
    if (normalized) {
      double norm = 0;
      for (float v : vector) {
        norm += v * v;
      }
      for (int d = 0; d < dimension; d++) {
        vector[d] = (float) (vector[d] / Math.sqrt(norm));
      }
    }
    return vector;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body =
          JsonMapper.shared()
              .readTree(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Request request =
          new Request(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body);
      requests.add(request);
      Reply reply = script.poll();
      if (reply == null) {
        reply = Reply.status(200, answer(request));
      }
      if (!reply.delay().isZero()) {
        sleep(reply.delay());
      }
      reply.headers().forEach(exchange.getResponseHeaders()::add);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    }
  }

  private String answer(Request request) {
    List<String> inputs = request.inputs();
    int count = Math.max(0, inputs.size() - dropVectors);
    ObjectNode response = JsonMapper.shared().createObjectNode();
    if (protocol == Protocol.OLLAMA) {
      response.put("model", request.body().path("model").asString());
      ArrayNode embeddings = response.putArray("embeddings");
      for (int i = 0; i < count; i++) {
        addVector(embeddings.addArray(), inputs.get(i));
      }
    } else {
      response.put("object", "list");
      ArrayNode data = response.putArray("data");
      // Newest first: the API does not promise input order, so clients must sort by index.
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        order.add(i);
      }
      Collections.reverse(order);
      for (int i : order) {
        ObjectNode item = data.addObject();
        item.put("object", "embedding");
        item.put("index", i);
        addVector(item.putArray("embedding"), inputs.get(i));
      }
    }
    return response.toString();
  }

  private void addVector(ArrayNode array, String text) {
    for (float value : vectorOf(text)) {
      array.add(value);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
