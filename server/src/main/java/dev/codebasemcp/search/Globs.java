package dev.codebasemcp.search;

/**
 * Translates path globs to PostgreSQL regular expressions: {@code *} matches within one path
 * segment, {@code **} across segments, {@code ?} one character, {@code [abc]} a class, {@code
 * {a,b}} alternatives. A glob without a slash matches the file name in any directory ({@code
 * *.java}), as in .gitignore. Stateless.
 */
final class Globs {
  private Globs() {}

  /** The anchored regular expression for {@code glob}; a malformed glob is a SearchException. */
  static String toRegex(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new SearchException("path glob must not be empty");
    }
    String g = glob.strip();
    if (g.startsWith("/")) {
      g = g.substring(1);
    }
    StringBuilder re = new StringBuilder("^");
    if (!g.contains("/")) {
      re.append("(.*/)?");
    }
    int braces = 0;
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
              i++;
              re.append("(.*/)?");
            } else {
              re.append(".*");
            }
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = g.indexOf(']', i + 1);
          if (end < 0) {
            throw new SearchException("path glob has an unclosed '[': " + glob);
          }
          String body = g.substring(i + 1, end).replace("\\", "\\\\");
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          re.append('[').append(body).append(']');
          i = end;
        }
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw new SearchException("path glob has an unmatched '}': " + glob);
          }
          braces--;
          re.append(')');
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        default -> {
          if ("\\.^$+()|".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
    }
    if (braces != 0) {
      throw new SearchException("path glob has an unclosed '{': " + glob);
    }
    if (g.endsWith("/")) {
      re.append(".*");
    }
    return re.append('$').toString();
  }
}
