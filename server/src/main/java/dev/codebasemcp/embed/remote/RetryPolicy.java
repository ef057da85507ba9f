package dev.codebasemcp.embed.remote;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed request again: exponential backoff with jitter between attempts, or the
 * server's own Retry-After when it gave one. Immutable.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialDelay the backoff before the second attempt
 * @param maxDelay the longest backoff, and the longest Retry-After honoured
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  /** Five attempts over about 15 seconds: enough for a local server to load its model. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initial <= max");
    }
  }

  /**
   * How long to wait after failed attempt {@code attempt} (from 1). Backoff doubles each time and
   * is drawn from its upper half, so clients that failed together do not retry together.
   */
  public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    if (retryAfter.isPresent()) {
      Duration wanted = retryAfter.get();
      return wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted;
    }
    long base = initialDelay.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxDelay.toMillis());
    return Duration.ofMillis(capped / 2 + random.nextLong(capped / 2 + 1));
  }
}
