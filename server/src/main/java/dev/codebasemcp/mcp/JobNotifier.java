package dev.codebasemcp.mcp;

import dev.codebasemcp.jobs.Job;
import dev.codebasemcp.jobs.JobObserver;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the client about the jobs this process runs: {@code notifications/progress} for a job whose
 * {@code start_indexing} call carried a progressToken (for as long as the job runs, not only while
 * the call is open: the call returns at once), and {@code notifications/message} log entries when
 * jobs start and finish. Thread-safe.
 */
final class JobNotifier implements JobObserver {
  private static final Logger log = LoggerFactory.getLogger(JobNotifier.class);
  private static final String LOGGER = "codebase-mcp";

  private record Watch(McpSyncServerExchange exchange, Object token, double[] last) {}

  private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();
  private volatile McpSyncServerExchange latest;

  /** Remembers the session to log to (stdio has one). */
  void seen(McpSyncServerExchange exchange) {
    latest = exchange;
  }

  /** Sends progress for this job to the client that asked with this token. */
  void watch(UUID jobId, McpSyncServerExchange exchange, Object token) {
    watches.put(jobId, new Watch(exchange, token, new double[] {-1}));
  }

  @Override
  public void started(Job job) {
    log(
        LoggingLevel.INFO,
        "Job %s started: indexing %s into '%s'%s"
            .formatted(
                job.id(),
                job.repoPath(),
                job.projectId(),
                job.attempts() > 1 ? " (resumed, attempt " + job.attempts() + ")" : ""));
  }

  @Override
  public void progressed(Job job) {
    progress(job);
  }

  @Override
  public void finished(Job job) {
    progress(job);
    watches.remove(job.id());
    LoggingLevel level =
        switch (job.status()) {
          case FAILED -> LoggingLevel.ERROR;
          case CANCELLED -> LoggingLevel.WARNING;
          default -> LoggingLevel.INFO;
        };
    log(level, "Job %s %s: %s".formatted(job.id(), job.status().label(), job.statusMessage()));
  }

  private void progress(Job job) {
    Watch watch = watches.get(job.id());
    if (watch == null) {
      return;
    }
    double done = (double) job.filesIndexed() + job.chunksEmbedded();
    double total = (double) job.filesTotal() + job.chunksToEmbed();
    synchronized (watch) {
      if (done <= watch.last()[0]) {
        return; // progress must increase with each notification
      }
      watch.last()[0] = done;
    }
    try {
      watch
          .exchange()
          .progressNotification(
              new McpSchema.ProgressNotification(
                  watch.token(), done, total >= done ? total : null, job.statusMessage(), null));
    } catch (RuntimeException e) {
      log.debug("Could not send progress for job {}: {}", job.id(), e.getMessage());
    }
  }

  private void log(LoggingLevel level, String message) {
    McpSyncServerExchange exchange = latest;
    if (exchange == null) {
      return;
    }
    try {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder(level, message).logger(LOGGER).build());
    } catch (RuntimeException e) {
      log.debug("Could not send a log notification: {}", e.getMessage());
    }
  }
}
