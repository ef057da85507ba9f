package dev.codebasemcp.index;

import dev.codebasemcp.index.scan.SkipReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an indexing run: counters only grow. Immutable.
 *
 * @param phase where the run is
 * @param filesFound files found so far that are candidates for indexing (final once chunking ends)
 * @param filesProcessed of those, how many were handled (indexed, unchanged, skipped by content or
 *     failed)
 * @param filesIndexed files whose content was (re)chunked and stored
 * @param filesUnchanged files found unchanged since the last run (mtime and size, then content
 *     hash)
 * @param filesDeleted files gone from disk and removed from the index
 * @param filesSkipped entries skipped, all reasons together
 * @param skippedByReason skipped entries per reason
 * @param chunksCreated chunks written by this run
 * @param chunksToEmbed chunks of the workspace without a vector when the embedding phase began
 * @param chunksEmbedded of those, how many have a vector now
 * @param errors per-file errors (the run goes on)
 * @param errorsSample a few of them, "path: message"
 * @param elapsed time since the run started
 */
public record IndexProgress(
    IndexPhase phase,
    int filesFound,
    int filesProcessed,
    int filesIndexed,
    int filesUnchanged,
    int filesDeleted,
    int filesSkipped,
    Map<SkipReason, Integer> skippedByReason,
    int chunksCreated,
    int chunksToEmbed,
    int chunksEmbedded,
    int errors,
    List<String> errorsSample,
    Duration elapsed) {
  public IndexProgress {
    skippedByReason = Map.copyOf(skippedByReason);
    errorsSample = List.copyOf(errorsSample);
  }
}
