package dev.codebasemcp.index.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * One gitignore glob, compiled: {@code *}, {@code ?}, {@code [...]} classes, {@code \} escapes and
 * {@code **} with the meanings gitignore(5) gives them, matched against '/'-separated paths (as git
 * does with {@code FNM_PATHNAME}: only {@code **} crosses a '/'). Immutable and thread-safe.
 *
 * <p>Matching works on Java chars, so {@code ?} matches one character where git matches one byte;
 * the two differ only for non-ASCII names.
 */
final class Glob {
  private enum Kind {
    /** One given character. */
    LITERAL,
    /** {@code ?}: any character but '/'. */
    ANY_CHAR,
    /** {@code [...]}: a character in (or not in) the class, never '/'. */
    CLASS,
    /** {@code *}: any run of characters without '/'. */
    STAR,
    /** {@code **}{@code /} at the start of a segment: zero or more whole directories. */
    ANY_DIRECTORIES,
    /** {@code **} ending the pattern at the start of a segment: everything that is left. */
    ANY_PATH
  }

  private record Token(Kind kind, char literal, CharClass charClass) {}

  // Outcomes of matching the rest of a pattern. The two aborts cut off backtracking that cannot
  // succeed: without them a pattern like "*a*a*a*a*a*a*b" takes exponential time on a long name.
  private static final int MATCH = 0;
  private static final int NO_MATCH = 1;

  /** The rest cannot match here nor at any later position: the text ran out. */
  private static final int ABORT_ALL = 2;

  /**
   * The rest cannot match at any later position of this segment: only a {@code **} trying a later
   * directory may still succeed.
   */
  private static final int ABORT_TO_ANY_DIRECTORIES = 3;

  private final Token[] tokens;

  /** Set when the pattern is malformed (an unclosed class, a trailing '\'): git matches nothing. */
  private final boolean matchesNothing;

  private Glob(Token[] tokens, boolean matchesNothing) {
    this.tokens = tokens;
    this.matchesNothing = matchesNothing;
  }

  static Glob compile(String pattern) {
    List<Token> tokens = new ArrayList<>();
    int n = pattern.length();
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '*') {
        int end = i;
        while (end < n && pattern.charAt(end) == '*') {
          end++;
        }
        boolean segmentStart = i == 0 || pattern.charAt(i - 1) == '/';
        if (end - i >= 2 && segmentStart && end == n) {
          tokens.add(new Token(Kind.ANY_PATH, '\0', null));
          i = end;
        } else if (end - i >= 2 && segmentStart && slashAt(pattern, end) > 0) {
          tokens.add(new Token(Kind.ANY_DIRECTORIES, '\0', null));
          i = end + slashAt(pattern, end);
        } else {
          // "**" that does not stand for whole segments is an ordinary '*' (as in git).
          tokens.add(new Token(Kind.STAR, '\0', null));
          i = end;
        }
      } else if (c == '?') {
        tokens.add(new Token(Kind.ANY_CHAR, '\0', null));
        i++;
      } else if (c == '[') {
        CharClass.Parsed parsed = CharClass.parse(pattern, i + 1);
        if (parsed == null) {
          return new Glob(new Token[0], true);
        }
        tokens.add(new Token(Kind.CLASS, '\0', parsed.charClass()));
        i = parsed.end();
      } else if (c == '\\') {
        if (i + 1 == n) {
          return new Glob(new Token[0], true);
        }
        tokens.add(new Token(Kind.LITERAL, pattern.charAt(i + 1), null));
        i += 2;
      } else {
        tokens.add(new Token(Kind.LITERAL, c, null));
        i++;
      }
    }
    return new Glob(tokens.toArray(Token[]::new), false);
  }

  /** Length of the slash at {@code i}: 1 for '/', 2 for an escaped '\/', 0 for none. */
  private static int slashAt(String pattern, int i) {
    if (i < pattern.length() && pattern.charAt(i) == '/') {
      return 1;
    }
    boolean escaped = i + 1 < pattern.length() && pattern.charAt(i) == '\\';
    return escaped && pattern.charAt(i + 1) == '/' ? 2 : 0;
  }

  /** Whether the glob matches all of {@code text} from index {@code from} to its end. */
  boolean matches(String text, int from) {
    return !matchesNothing && match(0, text, from) == MATCH;
  }

  private int match(int t, String text, int pos) {
    int length = text.length();
    for (; t < tokens.length; t++) {
      Token token = tokens[t];
      switch (token.kind()) {
        case LITERAL, ANY_CHAR, CLASS -> {
          if (pos >= length) {
            return ABORT_ALL;
          }
          if (!matchesOne(token, text.charAt(pos))) {
            return NO_MATCH;
          }
          pos++;
        }
        case STAR -> {
          return matchStar(t, text, pos);
        }
        case ANY_DIRECTORIES -> {
          return matchAnyDirectories(t, text, pos);
        }
        case ANY_PATH -> {
          return MATCH;
        }
      }
    }
    return pos == length ? MATCH : NO_MATCH;
  }

  private static boolean matchesOne(Token token, char c) {
    return switch (token.kind()) {
      case LITERAL -> c == token.literal();
      case ANY_CHAR -> c != '/';
      case CLASS -> token.charClass().matches(c);
      default -> throw new IllegalStateException("not a one-character token: " + token);
    };
  }

  /** A single star: tries every end within the current segment, shortest first. */
  private int matchStar(int t, String text, int pos) {
    if (t + 1 == tokens.length) {
      return text.indexOf('/', pos) < 0 ? MATCH : NO_MATCH;
    }
    Token next = tokens[t + 1];
    for (int end = pos; ; end++) {
      // Cheap pre-check: a literal after the star must be the next character.
      boolean worthTrying =
          end >= text.length() || next.kind() != Kind.LITERAL || text.charAt(end) == next.literal();
      int result = worthTrying ? match(t + 1, text, end) : NO_MATCH;
      if (result != NO_MATCH) {
        return result;
      }
      if (end >= text.length()) {
        return ABORT_ALL;
      }
      if (text.charAt(end) == '/') {
        return ABORT_TO_ANY_DIRECTORIES;
      }
    }
  }

  /** {@code **}{@code /}: tries zero directories, then each later segment start. */
  private int matchAnyDirectories(int t, String text, int pos) {
    int start = pos;
    while (true) {
      int result = match(t + 1, text, start);
      if (result == MATCH || result == ABORT_ALL) {
        return result;
      }
      int slash = text.indexOf('/', start);
      if (slash < 0) {
        return ABORT_ALL;
      }
      start = slash + 1;
    }
  }
}
