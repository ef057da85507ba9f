package dev.codebasemcp.index;

import dev.codebasemcp.index.scan.SkipReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of one indexing run, and the throttle that passes them to its listener at most every
 * 250 ms. Counters only grow. Thread-safe (every method is synchronized; they are cheap).
 */
final class IndexRun {
  private static final long REPORT_INTERVAL_NANOS = 250_000_000L;
  private static final int ERRORS_SAMPLED = 10;

  private final IndexListener listener;
  private final long startNanos = System.nanoTime();
  private long lastReportNanos;

  private IndexPhase phase = IndexPhase.CHUNKING;
  private int filesFound;
  private int filesProcessed;
  private int filesIndexed;
  private int filesUnchanged;
  private int filesDeleted;
  private final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
  private int chunksCreated;
  private int chunksToEmbed;
  private int chunksEmbedded;
  private int errors;
  private final List<String> errorsSample = new ArrayList<>();

  IndexRun(IndexListener listener) {
    this.listener = listener;
  }

  synchronized void found() {
    filesFound++;
  }

  /** A found file that needs no work. */
  synchronized void unchanged() {
    filesUnchanged++;
    filesProcessed++;
  }

  /** An entry the scanner skipped (it never counted as found). */
  synchronized void skipped(SkipReason reason) {
    skipped.merge(reason, 1, Integer::sum);
  }

  /** A found file skipped once read (binary, undecodable, ...). */
  synchronized void skippedFound(SkipReason reason) {
    skipped(reason);
    filesProcessed++;
  }

  /** A found file read and chunked, waiting to be written. */
  synchronized void processed() {
    filesProcessed++;
  }

  synchronized void indexed(int files, int chunks) {
    filesIndexed += files;
    chunksCreated += chunks;
  }

  synchronized void deleted(int files) {
    filesDeleted += files;
  }

  synchronized void error(String path, String message) {
    errors++;
    filesProcessed++;
    if (errorsSample.size() < ERRORS_SAMPLED) {
      errorsSample.add(path + ": " + message);
    }
  }

  synchronized void toEmbed(int chunks) {
    chunksToEmbed = Math.max(chunksToEmbed, chunks);
    report();
  }

  synchronized void embedded(int chunks) {
    chunksEmbedded = Math.min(chunksToEmbed, chunksEmbedded + chunks);
  }

  /** The final count, from the database; never lower than what was reported. */
  synchronized void embeddedExactly(int chunks) {
    chunksEmbedded = Math.max(chunksEmbedded, Math.min(chunksToEmbed, chunks));
  }

  synchronized void phase(IndexPhase next) {
    phase = next;
    report();
  }

  /** Reports if the last report is 250 ms old. */
  synchronized void maybeReport() {
    if (System.nanoTime() - lastReportNanos >= REPORT_INTERVAL_NANOS) {
      report();
    }
  }

  synchronized IndexProgress snapshot() {
    int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
    return new IndexProgress(
        phase,
        filesFound,
        filesProcessed,
        filesIndexed,
        filesUnchanged,
        filesDeleted,
        skippedTotal,
        skipped,
        chunksCreated,
        chunksToEmbed,
        chunksEmbedded,
        errors,
        errorsSample,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private void report() {
    lastReportNanos = System.nanoTime();
    listener.onProgress(snapshot());
  }
}
