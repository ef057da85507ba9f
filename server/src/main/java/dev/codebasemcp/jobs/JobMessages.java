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
          "Embedding: %,d of %,d chunks have vectors (keyword search already works)",
          p.chunksEmbedded(), p.chunksToEmbed());
    }
    return fmt(
        "Chunking and storing: %,d of %,d files so far, %,d chunks written",
        p.filesProcessed(), p.filesFound(), p.chunksCreated());
  }

  static String completed(IndexProgress p) {
    StringBuilder s = new StringBuilder();
    if (p.filesIndexed() == 0 && p.filesDeleted() == 0 && p.errors() == 0) {
      s.append(fmt("Up to date: no changes since the last index (%,d files)", p.filesUnchanged()));
      if (p.chunksEmbedded() > 0) {
        s.append(fmt("; embedded %,d chunks that had no vector yet", p.chunksEmbedded()));
      }
    } else {
      s.append(fmt("Indexed %,d files", p.filesProcessed()));
      skipped(s, p);
      s.append(
          fmt(
              ": %,d new or changed, %,d unchanged, %,d removed; %,d chunks written, %,d embedded",
              p.filesIndexed(),
              p.filesUnchanged(),
              p.filesDeleted(),
              p.chunksCreated(),
              p.chunksEmbedded()));
    }
    if (p.errors() > 0) {
      s.append(
          fmt(
              ". Partial: %,d file%s could not be indexed (see errors_sample)",
              p.errors(), p.errors() == 1 ? "" : "s"));
    }
    return s.toString();
  }

  static String cancelled(IndexProgress p) {
    return fmt(
        "Cancelled by request after %,d of %,d files (%,d chunks written, %,d embedded); what was"
            + " written stays searchable",
        p.filesProcessed(), p.filesFound(), p.chunksCreated(), p.chunksEmbedded());
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
