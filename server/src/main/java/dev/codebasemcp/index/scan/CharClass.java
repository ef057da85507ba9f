package dev.codebasemcp.index.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bracket expression of a gitignore glob, such as {@code [a-z]}, {@code [!0-9]} or {@code
 * [[:digit:]_]}: single characters, ranges and the ASCII POSIX classes, possibly negated with
 * {@code !} or {@code ^}. Never matches '/', negated or not, as in git. Immutable.
 *
 * @param negated whether the class matches the characters it does not list
 * @param singles characters listed one by one
 * @param ranges inclusive ranges, as pairs of characters (low, high)
 * @param posixClasses the POSIX classes listed, such as {@code digit}
 */
record CharClass(boolean negated, String singles, String ranges, List<Posix> posixClasses) {
  CharClass {
    posixClasses = List.copyOf(posixClasses);
  }

  /** The character classes git's {@code [:name:]} syntax knows, on ASCII. */
  enum Posix {
    ALNUM,
    ALPHA,
    BLANK,
    CNTRL,
    DIGIT,
    GRAPH,
    LOWER,
    PRINT,
    PUNCT,
    SPACE,
    UPPER,
    XDIGIT;

    static Posix named(String name) {
      for (Posix posix : values()) {
        if (posix.name().toLowerCase(Locale.ROOT).equals(name)) {
          return posix;
        }
      }
      return null;
    }

    boolean contains(char c) {
      boolean lower = c >= 'a' && c <= 'z';
      boolean upper = c >= 'A' && c <= 'Z';
      boolean digit = c >= '0' && c <= '9';
      boolean graph = c > ' ' && c < 0x7f;
      return switch (this) {
        case ALNUM -> lower || upper || digit;
        case ALPHA -> lower || upper;
        case BLANK -> c == ' ' || c == '\t';
        case CNTRL -> c < ' ' || c == 0x7f;
        case DIGIT -> digit;
        case GRAPH -> graph;
        case LOWER -> lower;
        case PRINT -> graph || c == ' ';
        case PUNCT -> graph && !lower && !upper && !digit;
        case SPACE -> c == ' ' || c == '\t' || c == '\n' || c == '\r';
        case UPPER -> upper;
        case XDIGIT -> digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      };
    }
  }

  /** A parsed class and the index just after its closing ']'. */
  record Parsed(CharClass charClass, int end) {}

  private static final char NONE = '\0';

  /**
   * Parses the class whose '[' is just before {@code start}; null when it is malformed (no closing
   * ']', an unknown {@code [:name:]}), in which case git lets the whole pattern match nothing.
   */
  static Parsed parse(String pattern, int start) {
    int n = pattern.length();
    int i = start;
    boolean negated = i < n && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
    if (negated) {
      i++;
    }
    StringBuilder singles = new StringBuilder();
    StringBuilder ranges = new StringBuilder();
    List<Posix> posixClasses = new ArrayList<>();
    // The previous single character, which a following '-' turns into the start of a range.
    char previous = NONE;
    boolean first = true;
    while (true) {
      if (i >= n) {
        return null;
      }
      char c = pattern.charAt(i);
      if (c == ']' && !first) {
        return new Parsed(
            new CharClass(negated, singles.toString(), ranges.toString(), posixClasses), i + 1);
      }
      first = false;
      if (c == '\\') {
        if (i + 1 >= n) {
          return null;
        }
        previous = pattern.charAt(i + 1);
        singles.append(previous);
        i += 2;
      } else if (c == '-' && previous != NONE && i + 1 < n && pattern.charAt(i + 1) != ']') {
        char high = pattern.charAt(i + 1);
        i += 2;
        if (high == '\\') {
          if (i >= n) {
            return null;
          }
          high = pattern.charAt(i++);
        }
        ranges.append(previous).append(high);
        previous = NONE;
      } else if (c == '[' && i + 1 < n && pattern.charAt(i + 1) == ':') {
        int close = pattern.indexOf(']', i + 2);
        if (close < 0) {
          return null;
        }
        if (close - 1 < i + 2 || pattern.charAt(close - 1) != ':') {
          // Not "[:name:]" after all: the '[' is an ordinary character.
          previous = '[';
          singles.append('[');
          i++;
          continue;
        }
        Posix posix = Posix.named(pattern.substring(i + 2, close - 1));
        if (posix == null) {
          return null;
        }
        posixClasses.add(posix);
        previous = NONE;
        i = close + 1;
      } else {
        previous = c;
        singles.append(c);
        i++;
      }
    }
  }

  boolean matches(char c) {
    if (c == '/') {
      return false;
    }
    boolean listed = singles.indexOf(c) >= 0;
    for (int i = 0; !listed && i < ranges.length(); i += 2) {
      listed = c >= ranges.charAt(i) && c <= ranges.charAt(i + 1);
    }
    for (int i = 0; !listed && i < posixClasses.size(); i++) {
      listed = posixClasses.get(i).contains(c);
    }
    return listed != negated;
  }
}
