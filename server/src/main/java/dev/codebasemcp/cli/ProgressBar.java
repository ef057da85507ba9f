package dev.codebasemcp.cli;

import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.index.IndexPhase;
import dev.codebasemcp.index.IndexProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows an indexing run's progress on stderr: on a terminal, one line redrawn in place (files,
 * chunks, vectors, rate, ETA); otherwise a plain line every five seconds, for logs. Used from the
 * run's thread only.
 */
final class ProgressBar implements IndexListener {
  private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private long lastPlainNanos;
  private int lastWidth;
  private IndexPhase lastPhase;
  private Duration embeddingStarted;
  private int embeddedAtStart;

  ProgressBar(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void onProgress(IndexProgress p) {
    if (p.phase() == IndexPhase.EMBEDDING && lastPhase != IndexPhase.EMBEDDING) {
      embeddingStarted = p.elapsed();
      embeddedAtStart = p.chunksEmbedded();
    }
    boolean phaseChanged = lastPhase != null && lastPhase != p.phase();
    lastPhase = p.phase();
    if (p.phase() == IndexPhase.DONE) {
      clear();
      return;
    }
    String line = line(p);
    if (terminal) {
      String padded = line + " ".repeat(Math.max(0, lastWidth - line.length()));
      err.print("\r" + padded);
      err.flush();
      lastWidth = line.length();
    } else if (phaseChanged || System.nanoTime() - lastPlainNanos >= PLAIN_INTERVAL_NANOS) {
      err.println(line);
      lastPlainNanos = System.nanoTime();
    }
  }

  /** Ends the redrawn line so that what follows starts on a fresh one. */
  void clear() {
    if (terminal && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
      lastWidth = 0;
    }
  }

  private String line(IndexProgress p) {
    double seconds = Math.max(0.001, p.elapsed().toNanos() / 1e9);
    if (p.phase() == IndexPhase.CHUNKING) {
      double rate = p.filesProcessed() / seconds;
      int left = p.filesFound() - p.filesProcessed();
      return String.format(
          Locale.ROOT,
          "chunking   %s %,d/%,d files  %,d chunks  %,.0f files/s  ETA %s",
          bar(p.filesProcessed(), p.filesFound()),
          p.filesProcessed(),
          p.filesFound(),
          p.chunksCreated(),
          rate,
          eta(left, rate));
    }
    double embedSeconds =
        Math.max(0.001, (p.elapsed().toNanos() - embeddingStarted.toNanos()) / 1e9);
    double rate = (p.chunksEmbedded() - embeddedAtStart) / embedSeconds;
    return String.format(
        Locale.ROOT,
        "embedding  %s %,d/%,d chunks  %,.0f chunks/s  ETA %s  (keyword search works already)",
        bar(p.chunksEmbedded(), p.chunksToEmbed()),
        p.chunksEmbedded(),
        p.chunksToEmbed(),
        rate,
        eta(p.chunksToEmbed() - p.chunksEmbedded(), rate));
  }

  private static String bar(int done, int total) {
    int width = 20;
    int filled = total <= 0 ? 0 : (int) Math.min(width, (long) done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  static String eta(int left, double rate) {
    if (left <= 0) {
      return "0:00";
    }
    if (rate <= 0) {
      return "?";
    }
    return duration(Duration.ofSeconds((long) Math.ceil(left / rate)));
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
