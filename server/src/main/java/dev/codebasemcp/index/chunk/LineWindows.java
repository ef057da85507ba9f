package dev.codebasemcp.index.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a run of lines into windows that fit the budget: for text without a usable syntax tree, and
 * for pieces of code with no smaller syntax left. A window ends before a blank line in its second
 * half where there is one, and the next window starts after that blank line; a window cut in the
 * middle of a paragraph or block repeats its last {@link #OVERLAP} lines at the start of the next,
 * so a sentence or statement cut in two is whole in one of them. A single line over the budget is a
 * window of its own: the model truncates it, the full text stays searchable by keywords. Windows
 * neither start nor end with a blank line. Not thread-safe: one per split.
 */
final class LineWindows {
  static final int OVERLAP = 2;

  private static final int REGROW_ROUNDS = 2;

  private final SourceText source;
  private final Budget budget;

  LineWindows(SourceText source, Budget budget) {
    this.source = source;
    this.budget = budget;
  }

  /** Windows over lines {@code first..last}: {first, last, tokens} each, in order. */
  List<int[]> cut(int first, int last) {
    List<int[]> windows = new ArrayList<>();
    int start = skipBlank(first, last);
    while (start <= last) {
      int end = grow(start, last);
      int tokens = budget.tokens(start, end);
      // An exact count teaches the estimate this file's characters per token: grow again with it.
      for (int i = 0; i < REGROW_ROUNDS && tokens <= budget.maxTokens() && end < last; i++) {
        int longer = grow(start, last);
        int longerTokens = longer > end ? budget.tokens(start, longer) : Integer.MAX_VALUE;
        if (longerTokens > budget.maxTokens()) {
          break;
        }
        end = longer;
        tokens = longerTokens;
      }
      while (tokens > budget.maxTokens() && end > start) {
        end = shrink(start, end, tokens);
        tokens = budget.tokens(start, end);
      }
      int next = end + 1;
      if (end < last) {
        int blank = lastBlank(start + (end - start) / 2 + 1, end);
        if (blank > start) {
          end = blank - 1;
          next = blank + 1;
          tokens = budget.tokens(start, end);
        } else if (end - start + 1 > 2 * OVERLAP) {
          next = end + 1 - OVERLAP;
        }
      }
      end = trimBlank(start, end);
      windows.add(new int[] {start, end, tokens});
      start = skipBlank(Math.max(next, start + 1), last);
    }
    return windows;
  }

  // Adds lines while the estimate fits; the exact count afterwards settles it.
  private int grow(int start, int last) {
    int max = budget.maxTokens();
    int end = start;
    int chars = source.chars(start, start);
    while (end < last) {
      int more = chars + source.chars(end + 1, end + 1);
      if (budget.estimate(more) > max) {
        break;
      }
      chars = more;
      end++;
    }
    return end;
  }

  // Drops lines in proportion to the excess, and at least one.
  private int shrink(int start, int end, int tokens) {
    int lines = end - start + 1;
    int keep = (int) (lines * (budget.maxTokens() * 0.95 / tokens));
    return start + Math.max(0, Math.min(lines - 2, keep - 1));
  }

  private int lastBlank(int from, int to) {
    for (int line = to; line >= from; line--) {
      if (source.isBlank(line)) {
        return line;
      }
    }
    return -1;
  }

  private int skipBlank(int line, int last) {
    while (line <= last && source.isBlank(line)) {
      line++;
    }
    return line;
  }

  private int trimBlank(int start, int end) {
    while (end > start && source.isBlank(end)) {
      end--;
    }
    return end;
  }
}
