package dev.codebasemcp.index.chunk;

import dev.codebasemcp.index.chunk.Definitions.Definition;
import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;
import org.treesitter.TSPoint;
import org.treesitter.TSTreeCursor;

/**
 * Cuts a parsed file into segments along its syntax tree. The lines of a node are shared out among
 * its children: each child takes the lines from the end of the one before it to its own end, so
 * comments, annotations and blank lines go with what follows them, the last child takes the closing
 * lines, and no line is left out. A child that fits the budget is one segment; a larger one is
 * shared out among its own children in turn (a class among its members, a method among its
 * statements), keeping its symbol as their scope, and a piece with no children left is cut into
 * line windows. Not thread-safe: one per split.
 */
final class SyntaxSplitter {
  /** Deeper than this (nested expressions), a piece is cut into line windows instead. */
  private static final int MAX_DEPTH = 48;

  private record Unit(int first, int last, TSNode node, Definition definition) {}

  private final Grammar grammar;
  private final SourceText source;
  private final Budget budget;
  private final Definitions definitions;
  private final LineWindows windows;
  private final List<Segment> segments = new ArrayList<>();
  private int nextScopeId = 1;
  private int errorLines;

  SyntaxSplitter(Grammar grammar, SourceText source, Budget budget, byte[] utf8) {
    this.grammar = grammar;
    this.source = source;
    this.budget = budget;
    this.definitions = new Definitions(grammar, utf8);
    this.windows = new LineWindows(source, budget);
  }

  /**
   * The segments of the whole file, or null when syntax errors cover more than {@code
   * maxErrorShare} of its lines and the tree is no better guide than line windows.
   */
  List<Segment> split(TSNode root, double maxErrorShare) {
    int last = source.lineCount() - 1;
    List<Unit> units = units(root, 0, last, Scope.FILE);
    if (root.isError() || errorLines > maxErrorShare * source.lineCount()) {
      return null;
    }
    share(units, 0, last, Scope.FILE, null, 0);
    return segments;
  }

  // A cursor walks the children in one pass; getNamedChild(i) starts over from the first child.
  private List<Unit> units(TSNode parent, int first, int last, Scope scope) {
    List<Unit> units = new ArrayList<>();
    try (TSTreeCursor cursor = new TSTreeCursor(parent)) {
      for (boolean more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
        TSNode child = cursor.currentNode();
        if (!child.isNamed()) {
          continue;
        }
        Unit unit = unit(child, first, last, scope);
        if (unit != null) {
          units.add(unit);
        }
      }
    }
    return units;
  }

  private Unit unit(TSNode child, int first, int last, Scope scope) {
    String type = child.getType();
    if (grammar.attachesForward(type)) {
      return null;
    }
    int start = child.getStartPoint().getRow();
    TSPoint endPoint = child.getEndPoint();
    int end = endPoint.getRow();
    // A node that swallows its line break ends at column 0 of the next row.
    if (endPoint.getColumn() == 0 && end > start) {
      end--;
    }
    start = Math.max(start, first);
    end = Math.min(end, last);
    if (end < start) {
      return null;
    }
    if (type.equals("ERROR") && scope == Scope.FILE) {
      errorLines += end - start + 1;
    }
    return new Unit(start, end, child, definitions.resolve(child, type, scope));
  }

  /**
   * Shares lines {@code first..last} among {@code units}. Non-definition pieces take {@code own} as
   * their symbol (a definition's header lines are its own), definitions their own symbol.
   */
  private void share(
      List<Unit> units, int first, int last, Scope scope, Definition own, int depth) {
    if (units.isEmpty()) {
      emit(first, last, null, scope, own, depth);
      return;
    }
    List<int[]> ranges = new ArrayList<>(units.size());
    List<Unit> kept = new ArrayList<>(units.size());
    int previousEnd = first - 1;
    for (Unit unit : units) {
      if (unit.last() <= previousEnd) {
        continue; // on lines an earlier piece already holds
      }
      // A definition that starts on the line where the previous piece ends repeats that line,
      // so that its signature stays with its body; anything else starts on the next line.
      int start =
          unit.first() <= previousEnd && unit.definition() != null ? unit.first() : previousEnd + 1;
      ranges.add(new int[] {start, unit.last()});
      kept.add(unit);
      previousEnd = unit.last();
    }
    ranges.getLast()[1] = last;
    for (int i = 0; i < kept.size(); i++) {
      Unit unit = kept.get(i);
      emit(ranges.get(i)[0], ranges.get(i)[1], unit, scope, own, depth);
    }
  }

  private void emit(int first, int last, Unit unit, Scope scope, Definition own, int depth) {
    Definition definition = unit == null || unit.definition() == null ? own : unit.definition();
    String symbol = definition == null ? null : definition.symbol();
    String kind = definition == null ? null : definition.kind();
    int tokens = budget.tokens(first, last);
    if (tokens <= budget.maxTokens() || first == last) {
      segments.add(new Segment(first, last, symbol, kind, scope, tokens, false));
      return;
    }
    TSNode node =
        unit == null ? null : unit.definition() != null ? unit.definition().node() : unit.node();
    if (node != null && depth < MAX_DEPTH && node.getNamedChildCount() > 0) {
      Scope inner = scope;
      Definition innerOwn = null;
      if (unit.definition() != null) {
        inner = new Scope(nextScopeId++, symbol, kind);
        innerOwn = unit.definition();
      }
      share(units(node, first, last, inner), first, last, inner, innerOwn, depth + 1);
      return;
    }
    Scope windowScope = scope;
    if (unit != null && unit.definition() != null) {
      windowScope = new Scope(nextScopeId++, symbol, kind);
    }
    for (int[] window : windows.cut(first, last)) {
      segments.add(
          new Segment(
              window[0], window[1], symbol, kind, windowScope, window[2], /* sealed= */ true));
    }
  }
}
