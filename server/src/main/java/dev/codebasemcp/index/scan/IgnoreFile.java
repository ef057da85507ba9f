package dev.codebasemcp.index.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one ignore file (a .gitignore, a .codebase-mcp-ignore, .git/info/exclude or the
 * built-in defaults), relative to the directory the file applies to. Within a file the last
 * matching pattern wins. Immutable and thread-safe.
 */
final class IgnoreFile {
  private final String base;
  private final IgnorePattern[] patterns;

  private IgnoreFile(String base, IgnorePattern[] patterns) {
    this.base = base;
    this.patterns = patterns;
  }

  /**
   * Parses an ignore file's text.
   *
   * @param base the directory it applies to, relative to the repository root: "" for the root,
   *     otherwise ending with '/', such as {@code "src/main/"}
   * @param text the file's content; a UTF-8 byte order mark and CRLF line ends are allowed
   */
  static IgnoreFile parse(String base, String text) {
    List<IgnorePattern> patterns = new ArrayList<>();
    int start = text.startsWith("\uFEFF") ? 1 : 0;
    while (start <= text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline;
      int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      IgnorePattern pattern = IgnorePattern.parse(text.substring(start, lineEnd));
      if (pattern != null) {
        patterns.add(pattern);
      }
      start = end + 1;
    }
    return new IgnoreFile(base, patterns.toArray(IgnorePattern[]::new));
  }

  boolean isEmpty() {
    return patterns.length == 0;
  }

  /**
   * What this file says about {@code path}, a repository-relative path under {@link #base}.
   *
   * @param nameStart index of the last segment of {@code path}
   */
  IgnoreVerdict match(String path, int nameStart, boolean isDirectory) {
    for (int i = patterns.length - 1; i >= 0; i--) {
      IgnorePattern pattern = patterns[i];
      if (pattern.matches(path, base.length(), nameStart, isDirectory)) {
        return pattern.negated() ? IgnoreVerdict.INCLUDED : IgnoreVerdict.IGNORED;
      }
    }
    return IgnoreVerdict.UNMATCHED;
  }
}
