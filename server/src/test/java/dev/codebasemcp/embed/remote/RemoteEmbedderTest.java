package dev.codebasemcp.embed.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.embed.EmbeddingException;
import dev.codebasemcp.embed.Vectors;
import dev.codebasemcp.embed.remote.FakeEmbeddingServer.Protocol;
import dev.codebasemcp.embed.remote.FakeEmbeddingServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both remote providers against a real HTTP server on the loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteEmbedderTest {
  private static final RetryPolicy FAST_RETRY =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2));
  private static final String KEY = "sk-test-4f1c9a0b7e";

  private FakeEmbeddingServer server;
  private RemoteEmbedder embedder;

  @AfterEach
  void stop() {
    if (embedder != null) {
      embedder.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void ollamaFindsTheDimensionWithAProbeAtStart() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.empty()));
    assertEquals(8, embedder.dimension());
    assertEquals("ollama:nomic-embed-text", embedder.modelId());
    assertEquals(1, server.requests().size());
    assertEquals("/api/embed", server.requests().get(0).path());
    assertEquals("nomic-embed-text", server.requests().get(0).body().path("model").asString());
  }

  @Test
  void aConfiguredDimensionNeedsNoProbe() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    assertEquals(8, embedder.dimension());
    assertEquals(List.of(), server.requests());
  }

  @Test
  void ollamaBatchesTextsAndKeepsTheirOrder() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    List<String> texts = List.of("one", "two", "three", "four", "five");
    List<float[]> vectors = embedder.embed(texts);
    assertEquals(
        List.of(List.of("one", "two"), List.of("three", "four"), List.of("five")),
        server.requests().stream().map(FakeEmbeddingServer.Request::inputs).toList());
    for (int i = 0; i < texts.size(); i++) {
      assertVector(server.vectorOf(texts.get(i)), vectors.get(i));
    }
  }

  @Test
  void openAiSortsByIndexAndSendsTheKeyAsABearerToken() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 6);
    embedder =
        RemoteEmbedder.start(
            new OpenAiApi(), options(server.url(), OptionalInt.empty(), Optional.of(KEY)));
    assertEquals(6, embedder.dimension());
    assertEquals("openai:nomic-embed-text", embedder.modelId());
    List<float[]> vectors = embedder.embed(List.of("alpha", "beta"));
    assertVector(server.vectorOf("alpha"), vectors.get(0));
    assertVector(server.vectorOf("beta"), vectors.get(1));
    for (FakeEmbeddingServer.Request request : server.requests()) {
      assertEquals("/v1/embeddings", request.path());
      assertEquals("Bearer " + KEY, request.authorization());
    }
  }

  @Test
  void withoutAKeyNoAuthorizationIsSent() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 6);
    embedder = RemoteEmbedder.start(new OpenAiApi(), options(server.url(), OptionalInt.empty()));
    assertNull(server.requests().get(0).authorization());
  }

  @Test
  void openAiAcceptsEachSpellingOfTheBaseUrl() {
    OpenAiApi api = new OpenAiApi();
    URI expected = URI.create("http://localhost:8080/v1/embeddings");
    assertEquals(expected, api.endpoint(URI.create("http://localhost:8080")));
    assertEquals(expected, api.endpoint(URI.create("http://localhost:8080/")));
    assertEquals(expected, api.endpoint(URI.create("http://localhost:8080/v1")));
    assertEquals(expected, api.endpoint(URI.create("http://localhost:8080/v1/")));
    assertEquals(expected, api.endpoint(URI.create("http://localhost:8080/v1/embeddings")));
    assertEquals(
        URI.create("http://gateway/openai/v1/embeddings"),
        api.endpoint(URI.create("http://gateway/openai/v1")));
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    server.enqueue(Reply.status(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1"));
    long start = System.nanoTime();
    List<float[]> vectors = embedder.embed(List.of("text"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMs >= 950, "waited only " + elapsedMs + " ms");
    assertEquals(2, server.requests().size());
    assertVector(server.vectorOf("text"), vectors.get(0));
  }

  @Test
  void aServerErrorIsRetriedAndThenSucceeds() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 8);
    embedder = RemoteEmbedder.start(new OpenAiApi(), options(server.url(), OptionalInt.of(8)));
    server.enqueue(Reply.status(500, "{\"error\":{\"message\":\"model is loading\"}}"));
    List<float[]> vectors = embedder.embed(List.of("text"));
    assertEquals(2, server.requests().size());
    assertVector(server.vectorOf("text"), vectors.get(0));
  }

  @Test
  void aBadRequestFailsAtOnceWithTheServersOwnWords() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 8);
    embedder =
        RemoteEmbedder.start(
            new OpenAiApi(), options(server.url(), OptionalInt.of(8), Optional.of(KEY)));
    server.enqueue(
        Reply.status(
            400,
            "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                + "\"type\":\"invalid_request_error\"}}"));
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("text")));
    assertEquals(1, server.requests().size());
    String message = e.getMessage();
    assertTrue(message.contains(server.url() + "/v1/embeddings"), message);
    assertTrue(message.contains("model nomic-embed-text"), message);
    assertTrue(message.contains("HTTP 400"), message);
    assertTrue(message.contains("maximum context length is 8192 tokens"), message);
    assertFalse(message.contains(KEY), message);
  }

  @Test
  void aKeyEchoedByTheServerIsHiddenInTheMessage() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 8);
    embedder =
        RemoteEmbedder.start(
            new OpenAiApi(), options(server.url(), OptionalInt.of(8), Optional.of(KEY)));
    server.enqueue(Reply.status(401, "{\"error\":\"Incorrect API key provided: " + KEY + "\"}"));
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("text")));
    assertTrue(
        e.getMessage().contains("HTTP 401: Incorrect API key provided: ***"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void aServerThatKeepsFailingIsGivenUpOnAfterTheLastAttempt() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(Reply.status(503, "overloaded, try later"));
    }
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("text")));
    assertEquals(3, server.requests().size());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 503: overloaded, try later"), e.getMessage());
  }

  @Test
  void anUnansweredRequestTimesOut() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    RemoteOptions fast =
        new RemoteOptions(
            server.url(),
            "nomic-embed-text",
            Optional.empty(),
            2,
            Duration.ofSeconds(2),
            Duration.ofMillis(300),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50)),
            OptionalInt.of(8),
            512);
    embedder = RemoteEmbedder.start(new OllamaApi(), fast);
    server.enqueue(Reply.slow(Duration.ofSeconds(5)));
    server.enqueue(Reply.slow(Duration.ofSeconds(5)));
    long start = System.nanoTime();
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("text")));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("timed out: no answer within 300 ms"), e.getMessage());
    assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
    assertTrue(elapsedMs < 4000, "took " + elapsedMs + " ms");
  }

  @Test
  void aServerThatIsNotThereIsRetriedThenNamed() throws IOException {
    URI nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    EmbeddingException e =
        assertThrows(
            EmbeddingException.class,
            () -> RemoteEmbedder.start(new OllamaApi(), options(nobody, OptionalInt.empty())));
    assertTrue(e.getMessage().contains(nobody + "/api/embed"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
  }

  @Test
  void aVectorOfTheWrongDimensionIsRefused() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 8);
    embedder = RemoteEmbedder.start(new OpenAiApi(), options(server.url(), OptionalInt.empty()));
    server.dimension(6);
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("text")));
    assertTrue(e.getMessage().contains("a vector of 6 dimensions, expected 8"), e.getMessage());
  }

  @Test
  void tooFewVectorsAreRefused() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    server.dropVectors(1);
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("a", "b")));
    assertTrue(e.getMessage().contains("returned 1 vectors for 2 texts"), e.getMessage());
  }

  @Test
  void anUnusableAnswerSaysWhatWasWrong() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    server.enqueue(Reply.status(200, "{\"embedding\": [0.1, 0.2]}"));
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("a")));
    assertTrue(e.getMessage().contains("gave an unusable answer"), e.getMessage());
    assertTrue(e.getMessage().contains("no \"embeddings\" array"), e.getMessage());
  }

  @Test
  void vectorsTheServerDidNotNormaliseAreNormalised() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    server.normalized(false);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    float[] vector = embedder.embedQuery("text");
    assertEquals(1.0, Vectors.norm(vector), 1e-6);
    assertTrue(Vectors.cosine(server.vectorOf("text"), vector) > 0.999999);
  }

  @Test
  void anEmptyTextIsSentAsASpace() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OPENAI, 8);
    embedder = RemoteEmbedder.start(new OpenAiApi(), options(server.url(), OptionalInt.of(8)));
    embedder.embed(List.of(""));
    assertEquals(List.of(" "), server.requests().get(0).inputs());
    assertEquals(List.of(), embedder.embed(List.of()));
  }

  @Test
  void concurrentCallersGetTheirOwnVectors() throws Exception {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    List<Future<List<float[]>>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        List<String> texts = List.of("a" + i, "b" + i, "c" + i);
        results.add(threads.submit(() -> embedder.embed(texts)));
      }
      for (int i = 0; i < 8; i++) {
        List<float[]> vectors = results.get(i).get(30, TimeUnit.SECONDS);
        assertVector(server.vectorOf("c" + i), vectors.get(2));
      }
    }
  }

  @Test
  void countTokensEstimatesOnTheHighSide() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    assertEquals(0, embedder.countTokens(""));
    assertEquals(4, embedder.countTokens("hello world"));
    assertEquals(512, embedder.maxTokens());
  }

  @Test
  void aClosedEmbedderRefusesWork() throws IOException {
    server = FakeEmbeddingServer.start(Protocol.OLLAMA, 8);
    embedder = RemoteEmbedder.start(new OllamaApi(), options(server.url(), OptionalInt.of(8)));
    embedder.close();
    assertThrows(EmbeddingException.class, () -> embedder.embed(List.of("a")));
  }

  private static RemoteOptions options(URI url, OptionalInt dimension) {
    return options(url, dimension, Optional.empty());
  }

  private static RemoteOptions options(URI url, OptionalInt dimension, Optional<String> key) {
    return new RemoteOptions(
        url,
        "nomic-embed-text",
        key,
        2,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        FAST_RETRY,
        dimension,
        512);
  }

  private static void assertVector(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int d = 0; d < expected.length; d++) {
      assertEquals(expected[d], actual[d], 1e-6, "dimension " + d);
    }
  }
}
