package dev.codebasemcp.jobs;

import dev.codebasemcp.config.ConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * How a worker runs jobs, from {@code CODEBASE_MCP_MAX_JOBS} and {@code
 * CODEBASE_MCP_JOB_LEASE_SECONDS}. Immutable.
 *
 * @param maxJobs the most jobs this process runs at once; the rest wait as pending
 * @param lease how long a worker may go without a heartbeat before another takes its job over
 * @param heartbeat how often a running job writes its progress and renews its lease
 * @param poll how often an idle worker looks for work submitted by other processes
 * @param retryBackoff the wait before the first retry after a database error; it doubles with each
 *     of the next ones (3 retries)
 */
public record JobSettings(
    int maxJobs, Duration lease, Duration heartbeat, Duration poll, Duration retryBackoff) {
  public static final String MAX_JOBS = "CODEBASE_MCP_MAX_JOBS";
  public static final String LEASE_SECONDS = "CODEBASE_MCP_JOB_LEASE_SECONDS";
  public static final int DEFAULT_MAX_JOBS = 2;
  public static final int DEFAULT_LEASE_SECONDS = 30;

  public JobSettings {
    if (maxJobs < 1 || maxJobs > 64) {
      throw new ConfigException(MAX_JOBS + " must be between 1 and 64: got " + maxJobs);
    }
    if (lease.compareTo(heartbeat.multipliedBy(3)) < 0) {
      throw new ConfigException(
          LEASE_SECONDS + " must be at least 3 heartbeats (" + heartbeat.multipliedBy(3) + ")");
    }
  }

  public static JobSettings fromEnvironment(Map<String, String> env) {
    return new JobSettings(
        integer(env, MAX_JOBS, DEFAULT_MAX_JOBS),
        Duration.ofSeconds(integer(env, LEASE_SECONDS, DEFAULT_LEASE_SECONDS)),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2));
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number: got '" + value + "'");
    }
  }
}
