package dev.codebasemcp.embed.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to reach a remote embedding model. Immutable; {@link #toString} never shows the API key.
 *
 * @param baseUrl the server's URL; the API's path is added to it
 * @param model the model name the server knows
 * @param apiKey sent as a bearer token when present
 * @param batchSize texts per request
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for each answer
 * @param retry when to try again after a connection error, a 429 or a 5xx
 * @param dimension the model's vector length when known; otherwise a probe text finds it
 * @param maxTokens the model's window, for chunk budgets
 */
public record RemoteOptions(
    URI baseUrl,
    String model,
    Optional<String> apiKey,
    int batchSize,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retry,
    OptionalInt dimension,
    int maxTokens) {

  public RemoteOptions {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a model name is required");
    }
    if (batchSize < 1 || maxTokens < 1) {
      throw new IllegalArgumentException("batchSize and maxTokens must be positive");
    }
    if (dimension.isPresent() && dimension.getAsInt() < 1) {
      throw new IllegalArgumentException("dimension must be positive: " + dimension.getAsInt());
    }
  }

  @Override
  public String toString() {
    return "RemoteOptions[baseUrl="
        + RemoteEmbedder.describe(baseUrl)
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isPresent() ? "(set)" : "(none)")
        + ", batchSize="
        + batchSize
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", retry="
        + retry
        + ", dimension="
        + dimension
        + ", maxTokens="
        + maxTokens
        + "]";
  }
}
