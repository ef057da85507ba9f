package dev.codebasemcp.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text for the keyword leg of search: the chunk's code plus its identifiers split into words, so
 * that {@code reverseString}, {@code reverse_string} and {@code StringUtils.reverse} all match the
 * words "reverse string". PostgreSQL's full text search then stems and indexes it. Stateless.
 */
public final class SearchText {
  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");
  private static final Pattern CAMEL_BOUNDARY =
      Pattern.compile(
          "(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{L})(?=\\p{N})");

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
    StringBuilder out = new StringBuilder(content.length() + 256);
    if (symbol != null) {
      out.append(String.join(" ", words(symbol))).append(' ');
    }
    out.append(String.join(" ", words(relativePath))).append('\n');
    out.append(content).append('\n');
    Set<String> split = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(content);
    while (m.find()) {
      List<String> parts = words(m.group());
      if (parts.size() > 1) {
        split.add(String.join(" ", parts));
      }
    }
    for (String words : split) {
      out.append(words).append(' ');
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
    for (String piece : text.split("[^\\p{L}\\p{N}]+")) {
      if (piece.isEmpty()) {
        continue;
      }
      for (String word : CAMEL_BOUNDARY.split(piece)) {
        if (!word.isEmpty()) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    }
    return words;
  }
}
