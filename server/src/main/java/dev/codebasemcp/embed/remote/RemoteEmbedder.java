package dev.codebasemcp.embed.remote;

import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.embed.EmbeddingException;
import dev.codebasemcp.embed.Vectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * An embedding model behind an HTTP API (Ollama, or an OpenAI-compatible server): batches texts
 * into requests, checks that every answer has one vector per text of the model's dimension, and
 * normalises vectors the server did not. Thread-safe: concurrent calls send concurrent requests.
 */
public final class RemoteEmbedder implements Embedder {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteEmbedder.class);

  /** Normalised within float rounding: anything further off is scaled to unit length. */
  private static final double NORM_TOLERANCE = 1e-4;

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final EmbeddingApi api;
  private final RemoteOptions options;
  private final HttpClient client;
  private final JsonPoster poster;
  private final String target;
  private volatile int dimension;
  private volatile boolean closed;

  private RemoteEmbedder(EmbeddingApi api, RemoteOptions options) {
    this.api = api;
    this.options = options;
    this.client =
        HttpClient.newBuilder()
            // HTTP/1.1: local servers (Ollama, TEI, vLLM) speak it; no h2c upgrade dance on POSTs.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    URI endpoint = api.endpoint(options.baseUrl());
    this.target = api.provider() + " model " + options.model() + " at " + describe(endpoint);
    this.poster =
        new JsonPoster(
            client, endpoint, target, options.apiKey(), options.requestTimeout(), options.retry());
    this.dimension = options.dimension().orElse(0);
  }

  /**
   * Connects to the model. Without a configured dimension, one probe text is embedded now, so a
   * wrong URL, model or key fails at start rather than in the middle of indexing.
   */
  public static RemoteEmbedder start(EmbeddingApi api, RemoteOptions options) {
    RemoteEmbedder embedder = new RemoteEmbedder(api, options);
    if (embedder.dimension == 0) {
      try {
        embedder.dimension = embedder.request(List.of("dimension probe")).get(0).length;
      } catch (RuntimeException e) {
        embedder.close();
        throw e;
      }
      LOG.info("{}: {} dimensions", embedder.target, embedder.dimension);
    }
    return embedder;
  }

  /** {@code <provider>:<model>}, such as {@code ollama:nomic-embed-text}. */
  @Override
  public String modelId() {
    return api.provider() + ":" + options.model();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int maxTokens() {
    return options.maxTokens();
  }

  /**
   * An estimate, since the server's tokenizer is not at hand: one token per three characters, on
   * the high side for code, so chunks budgeted with it fit the model's window.
   */
  @Override
  public int countTokens(String text) {
    return (text.codePointCount(0, text.length()) + 2) / 3;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (closed) {
      throw new EmbeddingException("The embedder " + modelId() + " is closed");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += options.batchSize()) {
      vectors.addAll(
          request(texts.subList(from, Math.min(from + options.batchSize(), texts.size()))));
    }
    return vectors;
  }

  private List<float[]> request(List<String> batch) {
    // Some servers (OpenAI among them) refuse an empty input; a space embeds the same nothing.
    List<String> inputs = batch.stream().map(text -> text.isEmpty() ? " " : text).toList();
    JsonNode response = poster.post(api.request(options.model(), inputs));
    List<float[]> vectors;
    try {
      vectors = api.vectors(response);
    } catch (EmbeddingException e) {
      throw new EmbeddingException(target + " gave an unusable answer: " + e.getMessage(), e);
    }
    if (vectors.size() != batch.size()) {
      throw new EmbeddingException(
          target + " returned " + vectors.size() + " vectors for " + batch.size() + " texts");
    }
    for (float[] vector : vectors) {
      check(vector);
    }
    return vectors;
  }

  private void check(float[] vector) {
    if (dimension != 0 && vector.length != dimension) {
      throw new EmbeddingException(
          target
              + " returned a vector of "
              + vector.length
              + " dimensions, expected "
              + dimension
              + ": has the model changed? A workspace keeps the dimension it was indexed with.");
    }
    double norm = Vectors.norm(vector);
    if (norm == 0 || !Double.isFinite(norm)) {
      throw new EmbeddingException(target + " returned a zero or non-finite vector");
    }
    if (Math.abs(norm - 1) > NORM_TOLERANCE) {
      Vectors.normalize(vector);
    }
  }

  /** Stops taking work, gives requests in flight a few seconds, then aborts them. */
  @Override
  public void close() {
    closed = true;
    client.shutdown();
    try {
      if (!client.awaitTermination(CLOSE_GRACE)) {
        LOG.warn("{}: aborting requests still running after {}", target, CLOSE_GRACE);
        client.shutdownNow();
      }
    } catch (InterruptedException e) {
      client.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A URL fit for messages: scheme, host, port and path, never user info or query. */
  static String describe(URI uri) {
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }
}
