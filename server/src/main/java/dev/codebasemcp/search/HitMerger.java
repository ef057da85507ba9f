package dev.codebasemcp.search;

import dev.codebasemcp.search.HybridSearch.Candidate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fused candidates into hits: overlapping or adjacent chunks of one file become one hit (its
 * lines joined without repeats, its score the best of them), and so do chunks separated only by
 * blank lines (read from the file, when it has not changed since it was indexed); content is
 * capped, and each hit says whether its file changed on disk since it was indexed. Stateless.
 */
final class HitMerger {
  /** Chunks further apart than this many blank lines stay separate hits. */
  private static final int MAX_BLANK_GAP = 3;

  private HitMerger() {}

  /** Whether every line strictly between {@code end} and {@code start} (1-based) is blank. */
  private static boolean blankBetween(List<String> lines, int end, int start) {
    if (lines.size() < start - 1) {
      return false;
    }
    for (int line = end + 1; line < start; line++) {
      if (!lines.get(line - 1).isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> lines(Candidate c) {
    try {
      return Files.readAllLines(Path.of(c.repoPath()).resolve(c.filePath()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  static List<SearchHit> merge(List<Candidate> candidates, int limit, int maxContent) {
    Map<Long, List<Candidate>> byFile = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byFile.computeIfAbsent(c.fileId(), k -> new ArrayList<>()).add(c);
    }
    Map<Long, Boolean> stale = new HashMap<>();
    List<SearchHit> hits = new ArrayList<>();
    for (List<Candidate> file : byFile.values()) {
      file.sort(Comparator.comparingInt(Candidate::startLine).thenComparingInt(Candidate::endLine));
      Candidate first = file.get(0);
      boolean isStale = stale.computeIfAbsent(first.fileId(), id -> isStale(first));
      Span span = new Span(first);
      List<String> lines = null;
      for (Candidate next : file.subList(1, file.size())) {
        boolean joins = next.startLine() <= span.endLine + 1;
        if (!joins && !isStale && next.startLine() - span.endLine <= MAX_BLANK_GAP + 1) {
          lines = lines != null ? lines : lines(first);
          joins = blankBetween(lines, span.endLine, next.startLine());
        }
        if (joins) {
          span.absorb(next);
        } else {
          hits.add(span.toHit(isStale, maxContent));
          span = new Span(next);
        }
      }
      hits.add(span.toHit(isStale, maxContent));
    }
    hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
    return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
  }

  /** Lines merged so far, with the best-scored chunk's symbol. */
  private static final class Span {
    final Candidate first;
    Candidate best;
    int endLine;
    final StringBuilder content;

    Span(Candidate c) {
      first = c;
      best = c;
      endLine = c.endLine();
      content = new StringBuilder(c.content());
    }

    void absorb(Candidate next) {
      if (next.endLine() > endLine) {
        String[] lines = next.content().split("\n", -1);
        int skip = endLine - next.startLine() + 1;
        if (content.length() > 0 && content.charAt(content.length() - 1) != '\n') {
          content.append('\n');
        }
        // Blank lines between the two chunks.
        content.append("\n".repeat(Math.max(0, -skip)));
        for (int i = Math.max(0, skip); i < lines.length; i++) {
          content.append(lines[i]);
          if (i < lines.length - 1) {
            content.append('\n');
          }
        }
        endLine = next.endLine();
      }
      if (next.score() > best.score()) {
        best = next;
      }
    }

    SearchHit toHit(boolean stale, int maxContent) {
      String text = content.toString();
      if (text.length() > maxContent) {
        text = text.substring(0, maxContent) + "\n... (truncated)";
      }
      return new SearchHit(
          first.filePath(),
          first.repoPath(),
          best.language(),
          best.symbol(),
          best.kind(),
          first.startLine(),
          endLine,
          best.score(),
          text,
          stale);
    }
  }

  private static boolean isStale(Candidate c) {
    Path file = Path.of(c.repoPath()).resolve(c.filePath());
    try {
      return Files.size(file) != c.sizeBytes()
          || !Files.getLastModifiedTime(file)
              .toInstant()
              .truncatedTo(ChronoUnit.MICROS)
              .equals(c.modifiedAt().toInstant());
    } catch (IOException e) {
      return true;
    }
  }
}
