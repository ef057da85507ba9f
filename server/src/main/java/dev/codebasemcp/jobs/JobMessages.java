package dev.codebasemcp.jobs;

import dev.codebasemcp.index.IndexPhase;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.scan.SkipReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Says in words where a job is or what it came to, for {@code status_message}. */
final class JobMessages {
  private JobMessages() {}

  static String running(IndexProgress p) {
    if (p.phase() == IndexPhase.EMBEDDING) {
      return fmt(
          "Embedding: %,d of %s have vectors (keyword search already works)",
          p.chunksEmbedded(), count(p.chunksToEmbed(), "chunk"));
    }
    return fmt(
        "Chunking and storing: %,d of %s so far, %s written",
        p.filesProcessed(), count(p.filesFound(), "file"), count(p.chunksCreated(), "chunk"));
  }

  static String completed(IndexProgress p) {
    StringBuilder s = new StringBuilder();
    if (p.filesIndexed() == 0 && p.filesDeleted() == 0 && p.errors() == 0) {
      s.append(
          fmt(
              "Up to date: no changes since the last index (%s)",
              count(p.filesUnchanged(), "file")));
      if (p.chunksEmbedded() > 0) {
        s.append(fmt("; embedded %s that had no vector yet", count(p.chunksEmbedded(), "chunk")));
      }
    } else {
      s.append(fmt("Indexed %s", count(p.filesProcessed(), "file")));
      skipped(s, p);
      s.append(
          fmt(
              ": %,d new or changed, %,d unchanged, %,d removed; %s written, %,d embedded",
              p.filesIndexed(),
              p.filesUnchanged(),
              p.filesDeleted(),
              count(p.chunksCreated(), "chunk"),
              p.chunksEmbedded()));
      backlog(s, p);
    }
    if (p.errors() > 0) {
      s.append(
          fmt(". Partial: %s could not be indexed (see errors_sample)", count(p.errors(), "file")));
    }
    return s.toString();
  }

  static String cancelled(IndexProgress p) {
    StringBuilder s =
        new StringBuilder(
            fmt(
                "Cancelled by request after %,d of %s (%s written, %,d embedded",
                p.filesProcessed(),
                count(p.filesFound(), "file"),
                count(p.chunksCreated(), "chunk"),
                p.chunksEmbedded()));
    backlog(s, p);
    return s.append("); what was written stays searchable").toString();
  }

  /**
   * The embedding phase gives a vector to every chunk of the workspace that lacks one, not only to
   * this run's: chunks an earlier run left (cancelled or stopped before its embedding phase ended)
   * or another job wrote. Says so when it embedded more than it wrote, so the two counts do not
   * look like an error.
   */
  private static void backlog(StringBuilder s, IndexProgress p) {
    int earlier = p.chunksEmbedded() - p.chunksCreated();
    if (earlier > 0) {
      s.append(fmt(" (%,d of them left without a vector by earlier or concurrent runs)", earlier));
    }
  }

  /** "1 file", "2 files", "1,204 chunks". */
  static String count(int n, String noun) {
    return fmt("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  static String failed(String reason) {
    return "Failed: " + reason;
  }

  /**
   * Skip counts keyed for clients: ignored, binary, too_large, unreadable, undecodable, symlink.
   */
  static Map<String, Integer> byReason(Map<SkipReason, Integer> counts) {
    Map<String, Integer> keyed = new java.util.TreeMap<>();
    counts.forEach((reason, n) -> keyed.put(reason.name().toLowerCase(Locale.ROOT), n));
    return keyed;
  }

  private static void skipped(StringBuilder s, IndexProgress p) {
    if (p.filesSkipped() == 0) {
      return;
    }
    List<String> parts = new ArrayList<>();
    p.skippedByReason().entrySet().stream()
        .sorted(Map.Entry.<SkipReason, Integer>comparingByValue().reversed())
        .forEach(e -> parts.add(fmt("%,d %s", e.getValue(), e.getKey().label())));
    s.append(fmt(", %,d skipped (%s)", p.filesSkipped(), String.join(", ", parts)));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
