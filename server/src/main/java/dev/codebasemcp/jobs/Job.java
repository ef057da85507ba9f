package dev.codebasemcp.jobs;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One indexing job as {@code indexing_jobs} records it. Immutable; counters only grow while the job
 * runs.
 *
 * @param id the job's id
 * @param projectId the workspace it indexes into
 * @param repoPath the repository, an absolute normalised path
 * @param status where the job is
 * @param statusMessage what happened, in words
 * @param phase chunking, embedding or done while running; null before the first run
 * @param forceReindex whether every file is re-chunked even when unchanged
 * @param filesTotal files found so far (final once chunking ends)
 * @param filesIndexed of those, how many were handled (re-chunked or found unchanged)
 * @param filesSkipped entries skipped, all reasons together
 * @param skippedByReason skipped entries per reason (ignored, binary, too_large, ...)
 * @param chunksCreated chunks written
 * @param chunksToEmbed chunks without a vector when the embedding phase began
 * @param chunksEmbedded of those, how many have a vector now
 * @param errorMessage why the job failed; null unless it did
 * @param errorsCount per-file errors (the job goes on)
 * @param errorsSample a few of them, "path: message"
 * @param etaMs the running worker's estimate of the time left; null when unknown
 * @param attempts how many times a worker started the job
 * @param leaseOwner the worker running it, or null
 * @param createdAt when it was submitted
 * @param startedAt when a worker first started it
 * @param firstStartedAt when the first attempt started (a resumed forced job re-chunks only files
 *     indexed before it)
 * @param completedAt when it reached a final state
 * @param now the database's clock when this was read, for elapsed times
 * @param queuePosition for a pending job, how many pending jobs were submitted before it; else null
 */
public record Job(
    UUID id,
    String projectId,
    String repoPath,
    JobState status,
    String statusMessage,
    String phase,
    boolean forceReindex,
    int filesTotal,
    int filesIndexed,
    int filesSkipped,
    Map<String, Integer> skippedByReason,
    int chunksCreated,
    int chunksToEmbed,
    int chunksEmbedded,
    String errorMessage,
    int errorsCount,
    List<String> errorsSample,
    Long etaMs,
    int attempts,
    String leaseOwner,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime firstStartedAt,
    OffsetDateTime completedAt,
    OffsetDateTime now,
    Integer queuePosition) {

  public Job {
    skippedByReason = Map.copyOf(skippedByReason);
    errorsSample = List.copyOf(errorsSample);
  }

  /** Time since a worker first started it, up to its end; null before it started. */
  public Long elapsedMs() {
    if (startedAt == null) {
      return null;
    }
    OffsetDateTime end = completedAt != null ? completedAt : now;
    return Math.max(0, Duration.between(startedAt, end).toMillis());
  }
}
