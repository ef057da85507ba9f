package dev.codebasemcp.embed.remote;

import dev.codebasemcp.embed.EmbeddingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts JSON to one endpoint and reads JSON back, with timeouts and retries: connection errors,
 * timeouts, 429 and 5xx are tried again (after the server's Retry-After when it sends one), other
 * 4xx fail at once. Failures are {@link EmbeddingException}s naming the target, the HTTP status and
 * the server's error text; the API key is never in them. Thread-safe.
 */
final class JsonPoster {
  private static final int MAX_ERROR_TEXT = 500;

  private final HttpClient client;
  private final URI endpoint;
  private final String target;
  private final Optional<String> apiKey;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final RandomGenerator random = RandomGenerator.getDefault();

  /**
   * @param target what is being asked, for messages: provider, model and endpoint
   */
  JsonPoster(
      HttpClient client,
      URI endpoint,
      String target,
      Optional<String> apiKey,
      Duration requestTimeout,
      RetryPolicy retry) {
    this.client = client;
    this.endpoint = endpoint;
    this.target = target;
    this.apiKey = apiKey.filter(key -> !key.isBlank());
    this.requestTimeout = requestTimeout;
    this.retry = retry;
  }

  JsonNode post(ObjectNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    HttpRequest request = builder.build();
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Failure failure;
      try {
        HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parse(response.body());
        }
        failure =
            new Failure(
                "HTTP " + status + errorText(response.body()),
                status == 429 || status >= 500,
                retryAfter(response));
      } catch (HttpConnectTimeoutException e) {
        failure = new Failure("no connection within " + connectTimeout(), true, Optional.empty());
      } catch (HttpTimeoutException e) {
        failure =
            new Failure(
                "timed out: no answer within " + requestTimeout.toMillis() + " ms",
                true,
                Optional.empty());
      } catch (IOException e) {
        failure = new Failure("cannot connect (" + e + ")", true, Optional.empty());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddingException("Interrupted while waiting for " + target, e);
      }
      if (!failure.retryable() || attempt >= retry.maxAttempts()) {
        throw new EmbeddingException(message(failure, attempt, start));
      }
      sleep(retry.delay(attempt, failure.retryAfter(), random));
    }
  }

  private String message(Failure failure, int attempts, long start) {
    String tries =
        attempts == 1
            ? ""
            : " after "
                + attempts
                + " attempts in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis()
                + " ms";
    return redact("Embedding request to " + target + " failed" + tries + ": " + failure.reason());
  }

  private JsonNode parse(String body) {
    try {
      return JsonMapper.shared().readTree(body);
    } catch (JacksonException e) {
      throw new EmbeddingException(
          redact(target + " answered with something that is not JSON: " + abbreviate(body)), e);
    }
  }

  /**
   * The server's own explanation: the {@code error} (string or {@code {message}}), {@code message}
   * or {@code detail} of a JSON body, else the body's text, cut short.
   */
  static String errorText(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode json = JsonMapper.shared().readTree(body);
      for (JsonNode candidate :
          new JsonNode[] {
            json.path("error").path("message"),
            json.path("error"),
            json.path("message"),
            json.path("detail")
          }) {
        if (candidate.isString() && !candidate.asString().isBlank()) {
          return ": " + abbreviate(candidate.asString());
        }
      }
    } catch (JacksonException e) {
      // Not JSON: the plain text follows.
    }
    return ": " + abbreviate(body);
  }

  /** Retry-After in seconds or as an HTTP date, when the server sent one. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(JsonPoster::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String trimmed = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private String connectTimeout() {
    return client.connectTimeout().map(d -> d.toMillis() + " ms").orElse("the timeout");
  }

  /** Servers sometimes echo the key in their error text; it never reaches a log. */
  private String redact(String message) {
    return apiKey.map(key -> message.replace(key, "***")).orElse(message);
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_ERROR_TEXT
        ? oneLine
        : oneLine.substring(0, MAX_ERROR_TEXT) + "... (" + oneLine.length() + " characters)";
  }

  private void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("Interrupted while waiting to retry " + target, e);
    }
  }

  /** One failed attempt: what happened, whether another attempt may help, and when. */
  private record Failure(String reason, boolean retryable, Optional<Duration> retryAfter) {}
}
