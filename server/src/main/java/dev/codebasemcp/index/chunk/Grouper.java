package dev.codebasemcp.index.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merges neighbouring segments of one scope into chunks up to the budget, so that fields, imports
 * and tiny methods are not embedded one line at a time. A definition of at least a quarter of the
 * budget ({@link #STANDALONE_SHARE}) stays a chunk of its own, so that it keeps its symbol; smaller
 * segments are merged. A chunk is named by the one symbol among its segments, or by their scope
 * when they hold several (three small methods of {@code Foo} make a chunk named {@code Foo});
 * Markdown sections are all merged, and named by the first. Line windows are never merged. Not
 * thread-safe: one per split.
 */
final class Grouper {
  /** How a chunk of several segments is named. */
  enum Naming {
    /** The one symbol among the segments, else their scope. */
    BY_SCOPE,
    /** The first segment's symbol (a document's chunk starts at a heading). */
    BY_FIRST
  }

  /** A definition with at least this share of the budget is not merged with its neighbours. */
  static final double STANDALONE_SHARE = 0.25;

  private final SourceText source;
  private final Budget budget;
  private final String language;
  private final Naming naming;

  Grouper(SourceText source, Budget budget, String language, Naming naming) {
    this.source = source;
    this.budget = budget;
    this.language = language;
    this.naming = naming;
  }

  List<Chunk> group(List<Segment> segments) {
    List<Chunk> chunks = new ArrayList<>();
    int i = 0;
    while (i < segments.size()) {
      Segment head = segments.get(i);
      int end = i + 1;
      int tokens = head.tokens();
      while (!head.sealed() && !standalone(head) && end < segments.size()) {
        Segment next = segments.get(end);
        if (next.sealed()
            || standalone(next)
            || next.scope().id() != head.scope().id()
            || tokens + next.tokens() > budget.maxTokens()) {
          break;
        }
        tokens += next.tokens();
        end++;
      }
      // Estimates were added up: when several segments fill the budget, count them once exactly.
      while (end - i > 1
          && !budget.fits(head.first(), Math.max(segments.get(end - 1).last(), head.last()))) {
        end--;
      }
      add(chunks, segments.subList(i, end));
      i = end;
    }
    return chunks;
  }

  // A definition of its own (not a header piece of the scope it is in) that is not tiny.
  private boolean standalone(Segment segment) {
    return naming == Naming.BY_SCOPE
        && segment.symbol() != null
        && !segment.symbol().equals(segment.scope().symbol())
        && segment.tokens() >= STANDALONE_SHARE * budget.maxTokens();
  }

  private void add(List<Chunk> chunks, List<Segment> group) {
    int first = group.getFirst().first();
    int last = first;
    for (Segment segment : group) {
      last = Math.max(last, segment.last());
    }
    while (first < last && source.isBlank(first)) {
      first++;
    }
    while (last > first && source.isBlank(last)) {
      last--;
    }
    if (source.isBlank(first)) {
      return;
    }
    Segment named = name(group, naming);
    chunks.add(
        new Chunk(
            chunks.size(),
            first + 1,
            last + 1,
            source.lines(first, last),
            named.symbol(),
            named.kind(),
            language));
  }

  // Pieces with no symbol of their own (statements, fields) are named by their scope.
  private static Segment name(List<Segment> group, Naming naming) {
    Segment only = null;
    for (Segment segment : group) {
      if (segment.symbol() == null) {
        continue;
      }
      if (naming == Naming.BY_FIRST) {
        return segment;
      }
      if (only != null && !Objects.equals(only.symbol(), segment.symbol())) {
        only = null;
        break;
      }
      only = segment;
    }
    if (only != null) {
      return only;
    }
    Scope scope = group.getFirst().scope();
    return new Segment(0, 0, scope.symbol(), scope.kind(), scope, 0, false);
  }
}
