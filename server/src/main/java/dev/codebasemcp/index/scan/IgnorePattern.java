package dev.codebasemcp.index.scan;

/**
 * One line of an ignore file, parsed with gitignore(5)'s rules: {@code !} negates, a trailing
 * {@code /} matches directories only, a {@code /} at the start or in the middle anchors the pattern
 * to the ignore file's directory (otherwise it matches a name at any depth), trailing spaces are
 * dropped unless escaped, and {@code \} escapes a leading {@code #} or {@code !}. Immutable and
 * thread-safe.
 */
final class IgnorePattern {
  private final String line;
  private final boolean negated;
  private final boolean directoryOnly;

  /** No '/' in the pattern: it is matched against the last path segment only. */
  private final boolean nameOnly;

  // Fast paths for the most common shapes; at most one of them is set.
  private final String literal;
  private final String suffix;
  private final Glob glob;

  private IgnorePattern(String line, boolean negated, boolean directoryOnly, String pattern) {
    this.line = line;
    this.negated = negated;
    this.directoryOnly = directoryOnly;
    this.nameOnly = pattern.indexOf('/') < 0;
    String body = !nameOnly && pattern.startsWith("/") ? pattern.substring(1) : pattern;
    boolean plain = !hasGlobCharacters(body, 0);
    boolean starThenPlain = nameOnly && body.startsWith("*") && !hasGlobCharacters(body, 1);
    this.literal = plain ? body : null;
    this.suffix = !plain && starThenPlain ? body.substring(1) : null;
    this.glob = plain || starThenPlain ? null : Glob.compile(body);
  }

  /** The pattern on {@code line}, or null when the line is blank or a comment. */
  static IgnorePattern parse(String line) {
    if (line.isEmpty() || line.charAt(0) == '#') {
      return null;
    }
    String pattern = line.substring(0, trimmedLength(line));
    boolean negated = pattern.startsWith("!");
    if (negated) {
      pattern = pattern.substring(1);
    }
    boolean directoryOnly = pattern.endsWith("/");
    if (directoryOnly) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    return pattern.isEmpty() ? null : new IgnorePattern(line, negated, directoryOnly, pattern);
  }

  /** Length of {@code line} without its trailing spaces, keeping a space escaped by '\'. */
  private static int trimmedLength(String line) {
    int end = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
        end = Math.min(i + 1, line.length());
      } else if (c != ' ') {
        end = i + 1;
      }
    }
    return end;
  }

  private static boolean hasGlobCharacters(String pattern, int from) {
    for (int i = from; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  boolean negated() {
    return negated;
  }

  /**
   * Whether the pattern matches {@code path}, a repository-relative path.
   *
   * @param baseLength length of the ignore file's directory prefix (such as {@code "src/"}), which
   *     {@code path} starts with
   * @param nameStart index of the last segment of {@code path}
   */
  boolean matches(String path, int baseLength, int nameStart, boolean isDirectory) {
    if (directoryOnly && !isDirectory) {
      return false;
    }
    int from = nameOnly ? nameStart : baseLength;
    if (literal != null) {
      return path.length() - from == literal.length() && path.startsWith(literal, from);
    }
    if (suffix != null) {
      return path.length() - from >= suffix.length() && path.endsWith(suffix);
    }
    return glob.matches(path, from);
  }

  @Override
  public String toString() {
    return line;
  }
}
