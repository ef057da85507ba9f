package dev.codebasemcp.index.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts Markdown at its ATX headings ({@code #} to {@code ######}, not inside fenced code): each
 * section runs from its heading to the next and is named by its heading path, {@code Install >
 * Linux}. A section over the budget is cut into line windows that keep its name. Text before the
 * first heading has no name. Not thread-safe: one per split.
 */
final class MarkdownSections {
  private final SourceText source;
  private final Budget budget;

  MarkdownSections(SourceText source, Budget budget) {
    this.source = source;
    this.budget = budget;
  }

  List<Segment> split() {
    List<Segment> segments = new ArrayList<>();
    List<String> path = new ArrayList<>();
    int sectionStart = 0;
    String sectionName = null;
    String fence = null;
    int scopeId = 1;
    for (int line = 0; line < source.lineCount(); line++) {
      String text = source.line(line);
      String stripped = text.stripLeading();
      if (fence != null) {
        if (stripped.startsWith(fence)) {
          fence = null;
        }
        continue;
      }
      if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
        fence = stripped.substring(0, 3);
        continue;
      }
      int level = headingLevel(text);
      if (level == 0) {
        continue;
      }
      if (line > sectionStart) {
        add(segments, sectionStart, line - 1, sectionName, scopeId++);
      }
      while (path.size() >= level) {
        path.removeLast();
      }
      while (path.size() < level - 1) {
        path.add("");
      }
      path.add(stripped.substring(level).strip().replaceAll("\\s+#+$", ""));
      sectionName = String.join(" > ", path.stream().filter(s -> !s.isEmpty()).toList());
      sectionStart = line;
    }
    if (source.lineCount() > sectionStart) {
      add(segments, sectionStart, source.lineCount() - 1, sectionName, scopeId);
    }
    return segments;
  }

  private void add(List<Segment> segments, int first, int last, String name, int scopeId) {
    String kind = name == null ? null : Kinds.SECTION;
    int tokens = budget.tokens(first, last);
    if (tokens <= budget.maxTokens() || first == last) {
      segments.add(new Segment(first, last, name, kind, Scope.FILE, tokens, false));
      return;
    }
    Scope section = new Scope(scopeId, name, kind);
    for (int[] window : new LineWindows(source, budget).cut(first, last)) {
      segments.add(new Segment(window[0], window[1], name, kind, section, window[2], true));
    }
  }

  /** 1 to 6 for an ATX heading line ({@code ## Title}), 0 for anything else. */
  static int headingLevel(String line) {
    if (line.length() > 3 && line.startsWith("    ")) {
      return 0; // indented code
    }
    String text = line.stripLeading();
    int level = 0;
    while (level < text.length() && text.charAt(level) == '#') {
      level++;
    }
    if (level == 0 || level > 6) {
      return 0;
    }
    return level == text.length() || Character.isWhitespace(text.charAt(level)) ? level : 0;
  }
}
