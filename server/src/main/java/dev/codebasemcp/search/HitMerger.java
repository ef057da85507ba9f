package dev.codebasemcp.search;

import dev.codebasemcp.search.HybridSearch.Candidate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns fused candidates, best first, into at most {@code limit} hits: a candidate that overlaps or
 * touches a hit already taken from the same file (or is separated from it only by blank lines, read
 * from the file when it has not changed since it was indexed) joins that hit, whose lines are then
 * joined without repeats; the others start new hits until there are enough. Content is capped, and
 * each hit says whether its file changed on disk since it was indexed. Stateless.
 */
final class HitMerger {
  /** Chunks further apart than this many blank lines stay separate hits. */
  private static final int MAX_BLANK_GAP = 3;

  private HitMerger() {}

  static List<SearchHit> merge(List<Candidate> bestFirst, int limit, int maxContent) {
    List<Span> spans = new ArrayList<>();
    Map<Long, Boolean> stale = new HashMap<>();
    Map<Long, List<String>> fileLines = new HashMap<>();
    for (Candidate c : bestFirst) {
      boolean isStale = stale.computeIfAbsent(c.fileId(), id -> isStale(c));
      Span joined = null;
      for (Span span : spans) {
        if (span.fileId() == c.fileId() && span.touches(c, isStale, fileLines)) {
          joined = span;
          break;
        }
      }
      if (joined != null) {
        joined.add(c);
      } else if (spans.size() < limit) {
        spans.add(new Span(c));
      }
    }
    List<SearchHit> hits = new ArrayList<>();
    for (Span span : spans) {
      hits.add(span.toHit(stale.get(span.fileId()), maxContent));
    }
    return hits;
  }

  /** Chunks of one file that make one hit; the first is the best scored. */
  private static final class Span {
    final List<Candidate> parts = new ArrayList<>();
    int start;
    int end;

    Span(Candidate best) {
      parts.add(best);
      start = best.startLine();
      end = best.endLine();
    }

    long fileId() {
      return parts.get(0).fileId();
    }

    boolean touches(Candidate c, boolean stale, Map<Long, List<String>> fileLines) {
      if (c.startLine() <= end + 1 && c.endLine() >= start - 1) {
        return true;
      }
      if (stale) {
        return false;
      }
      int gapStart;
      int gapEnd;
      if (c.startLine() > end) {
        gapStart = end + 1;
        gapEnd = c.startLine() - 1;
      } else {
        gapStart = c.endLine() + 1;
        gapEnd = start - 1;
      }
      if (gapEnd - gapStart + 1 > MAX_BLANK_GAP) {
        return false;
      }
      List<String> lines = fileLines.computeIfAbsent(c.fileId(), id -> lines(c));
      if (lines.size() < gapEnd) {
        return false;
      }
      for (int line = gapStart; line <= gapEnd; line++) {
        if (!lines.get(line - 1).isBlank()) {
          return false;
        }
      }
      return true;
    }

    void add(Candidate c) {
      parts.add(c);
      start = Math.min(start, c.startLine());
      end = Math.max(end, c.endLine());
    }

    SearchHit toHit(boolean stale, int maxContent) {
      List<Candidate> byLine = new ArrayList<>(parts);
      byLine.sort(Comparator.comparingInt(Candidate::startLine));
      StringBuilder content = new StringBuilder();
      int upTo = byLine.get(0).startLine() - 1;
      for (Candidate c : byLine) {
        if (c.endLine() <= upTo) {
          continue;
        }
        if (content.length() > 0 && content.charAt(content.length() - 1) != '\n') {
          content.append('\n');
        }
        content.append("\n".repeat(Math.max(0, c.startLine() - upTo - 1)));
        String[] lines = c.content().split("\n", -1);
        for (int i = Math.max(0, upTo - c.startLine() + 1); i < lines.length; i++) {
          content.append(lines[i]);
          if (i < lines.length - 1) {
            content.append('\n');
          }
        }
        upTo = c.endLine();
      }
      String text = content.toString();
      if (text.length() > maxContent) {
        text = text.substring(0, maxContent) + "\n... (truncated)";
      }
      Candidate best = parts.get(0);
      return new SearchHit(
          best.filePath(),
          best.repoPath(),
          best.language(),
          best.symbol(),
          best.kind(),
          start,
          end,
          best.score(),
          text,
          stale);
    }
  }

  private static List<String> lines(Candidate c) {
    try {
      return Files.readAllLines(Path.of(c.repoPath()).resolve(c.filePath()));
    } catch (IOException | UncheckedIOException e) {
      return List.of();
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
