package dev.codebasemcp.embed;

import dev.codebasemcp.embed.onnx.OnnxEmbedder;
import dev.codebasemcp.embed.onnx.OnnxOptions;
import dev.codebasemcp.embed.remote.OllamaApi;
import dev.codebasemcp.embed.remote.OpenAiApi;
import dev.codebasemcp.embed.remote.RemoteEmbedder;
import dev.codebasemcp.embed.remote.RemoteOptions;
import dev.codebasemcp.embed.remote.RetryPolicy;
import java.time.Duration;

/** Opens the embedder that {@link EmbeddingSettings} describe. Stateless and thread-safe. */
public final class Embedders {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private Embedders() {}

  /**
   * Loads the built-in model, or connects to the remote one (embedding a probe text when its
   * dimension is not configured, so a wrong URL, model or key fails here).
   *
   * @throws EmbeddingException when the model cannot be loaded or reached
   */
  public static Embedder create(EmbeddingSettings settings) {
    return switch (settings.provider()) {
      case ONNX -> OnnxEmbedder.load(onnxOptions(settings));
      case OLLAMA -> RemoteEmbedder.start(new OllamaApi(), remoteOptions(settings));
      case OPENAI -> RemoteEmbedder.start(new OpenAiApi(), remoteOptions(settings));
    };
  }

  static OnnxOptions onnxOptions(EmbeddingSettings settings) {
    return OnnxOptions.forThreads(settings.threads());
  }

  private static RemoteOptions remoteOptions(EmbeddingSettings settings) {
    return new RemoteOptions(
        settings.url().orElseThrow(),
        settings.model(),
        settings.apiKey(),
        settings.batchSize(),
        CONNECT_TIMEOUT.compareTo(settings.timeout()) < 0 ? CONNECT_TIMEOUT : settings.timeout(),
        settings.timeout(),
        RetryPolicy.DEFAULT,
        settings.dimension(),
        settings.maxTokens());
  }
}
