package dev.codebasemcp.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddersTest {
  private HttpServer server;
  private String url;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/embed", exchange -> reply(exchange, "{\"embeddings\":[[0.6,0.8]]}"));
    server.createContext(
        "/v1/embeddings",
        exchange -> reply(exchange, "{\"data\":[{\"index\":0,\"embedding\":[0.0,3.0,4.0]}]}"));
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void theDefaultSettingsOpenTheBuiltInModel() {
    try (Embedder embedder = Embedders.create(EmbeddingSettings.fromEnvironment(Map.of()))) {
      assertEquals("all-minilm-l6-v2-q", embedder.modelId());
      assertEquals(384, embedder.embedQuery("hello").length);
    }
  }

  @Test
  void ollamaSettingsConnectAndProbeTheDimension() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(
            Map.of(
                EmbeddingSettings.PROVIDER, "ollama",
                EmbeddingSettings.MODEL, "all-minilm",
                EmbeddingSettings.URL, url));
    try (Embedder embedder = Embedders.create(settings)) {
      assertEquals("ollama:all-minilm", embedder.modelId());
      assertEquals(2, embedder.dimension());
      assertArrayEquals(new float[] {0.6f, 0.8f}, embedder.embedQuery("x"));
    }
  }

  @Test
  void openAiSettingsConnectAndNormalise() {
    EmbeddingSettings settings =
        EmbeddingSettings.fromEnvironment(
            Map.of(
                EmbeddingSettings.PROVIDER, "openai",
                EmbeddingSettings.MODEL, "text-embedding-3-small",
                EmbeddingSettings.URL, url + "/v1",
                EmbeddingSettings.DIMENSION, "3"));
    try (Embedder embedder = Embedders.create(settings)) {
      assertEquals("openai:text-embedding-3-small", embedder.modelId());
      assertArrayEquals(new float[] {0.0f, 0.6f, 0.8f}, embedder.embedQuery("x"), 1e-6f);
    }
  }

  private static void reply(HttpExchange exchange, String json) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
