package dev.codebasemcp.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Text for the keyword leg of search: the chunk's code plus its identifiers split into words, so
 * that {@code reverseString}, {@code reverse_string} and {@code StringUtils.reverse} all match the
 * words "reverse string". PostgreSQL's full text search then stems and indexes it. Stateless.
 */
public final class SearchText {
  /** Keeps the tsvector within PostgreSQL's 1 MiB limit with room to spare. */
  private static final int MAX_LENGTH = 200_000;

  private SearchText() {}

  /**
   * The searchable text of one chunk.
   *
   * @param relativePath the file's path in its repository (its words are searchable too)
   * @param symbol the chunk's symbol path, or null
   * @param content the chunk's code
   */
  public static String of(String relativePath, String symbol, String content) {
    StringBuilder out = new StringBuilder(content.length() * 2 + 256);
    if (symbol != null) {
      appendWords(out, symbol);
    }
    appendWords(out, relativePath);
    out.append('\n').append(content).append('\n');
    // Identifiers that split into several words, each once: reverseString gives "reverse string".
    Set<String> seen = new HashSet<>();
    int n = content.length();
    int i = 0;
    while (i < n) {
      char c = content.charAt(i);
      if (Character.isLetter(c) || c == '_' || c == '$') {
        int start = i;
        while (i < n && isIdentifierPart(content.charAt(i))) {
          i++;
        }
        String identifier = content.substring(start, i);
        if (splits(identifier) && seen.add(identifier)) {
          appendWords(out, identifier);
        }
      } else {
        i++;
      }
    }
    return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
  }

  /**
   * The lowercase words of an identifier or path: split on camelCase, snake_case, digits, dots,
   * slashes and other punctuation ({@code HTTPServer2.parse_args} gives http, server, 2, parse,
   * args).
   */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    forEachWord(text, words::add);
    return words;
  }

  private static void appendWords(StringBuilder out, String text) {
    forEachWord(text, w -> out.append(w).append(' '));
  }

  /** Whether an identifier has more than one word (a case change, an underscore, a digit). */
  private static boolean splits(String identifier) {
    for (int i = 1; i < identifier.length(); i++) {
      char prev = identifier.charAt(i - 1);
      char c = identifier.charAt(i);
      if (c == '_'
          || c == '$'
          || (Character.isUpperCase(c) && Character.isLowerCase(prev))
          || (Character.isDigit(c) != Character.isDigit(prev))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /**
   * Calls {@code sink} with each lowercase word of {@code text}: runs of letters and digits, split
   * where lowercase turns uppercase (reverseString), where an uppercase run meets a capitalised
   * word (HTTPServer) and where letters meet digits.
   */
  private static void forEachWord(String text, java.util.function.Consumer<String> sink) {
    int n = text.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ' ';
      boolean part = Character.isLetterOrDigit(c);
      if (!part) {
        if (start >= 0) {
          sink.accept(text.substring(start, i).toLowerCase(Locale.ROOT));
          start = -1;
        }
        continue;
      }
      if (start < 0) {
        start = i;
        continue;
      }
      char prev = text.charAt(i - 1);
      boolean boundary =
          (Character.isUpperCase(c) && Character.isLowerCase(prev))
              || (Character.isUpperCase(prev)
                  && Character.isUpperCase(c)
                  && i + 1 < n
                  && Character.isLowerCase(text.charAt(i + 1)))
              || (Character.isDigit(c) != Character.isDigit(prev));
      if (boundary) {
        sink.accept(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = i;
      }
    }
  }
}
