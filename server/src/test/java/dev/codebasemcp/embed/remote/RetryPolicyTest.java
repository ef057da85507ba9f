package dev.codebasemcp.embed.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000));
  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void backoffDoublesWithJitterInTheUpperHalfUpToTheCap() {
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      for (int i = 0; i < 200; i++) {
        long ms = policy.delay(attempt, Optional.empty(), random).toMillis();
        long ceiling = ceilings[attempt - 1];
        assertTrue(ms >= ceiling / 2 && ms <= ceiling, "attempt " + attempt + ": " + ms);
      }
    }
  }

  @Test
  void retryAfterIsHonouredUpToTheCap() {
    assertEquals(
        Duration.ofMillis(700), policy.delay(1, Optional.of(Duration.ofMillis(700)), random));
    assertEquals(
        Duration.ofMillis(1000), policy.delay(1, Optional.of(Duration.ofHours(1)), random));
  }

  @Test
  void retryAfterIsReadInSecondsOrAsAnHttpDate() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), JsonPoster.parseRetryAfter(" 3 "));
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    long seconds = JsonPoster.parseRetryAfter(inTenSeconds).orElseThrow().toSeconds();
    assertTrue(seconds >= 8 && seconds <= 10, "seconds: " + seconds);
    assertEquals(Optional.empty(), JsonPoster.parseRetryAfter("soon"));
  }
}
