package dev.codebasemcp.index.chunk;

/**
 * A file's text seen as lines, the unit every chunk is cut on. Lines end at {@code '\n'} only,
 * because that is what tree-sitter counts as a row; a {@code '\r'} before it stays in the line's
 * text (CRLF files keep their bytes) but makes no line blank. Immutable.
 */
final class SourceText {
  private final String text;
  // lineStart[i] is the offset of line i; lineStart[lineCount] is one past the last line's end.
  private final int[] lineStart;
  private final int lineCount;
  private final boolean[] blank;

  SourceText(String text) {
    this.text = text;
    int lines = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines++;
      }
    }
    boolean unterminatedLast = !text.isEmpty() && text.charAt(text.length() - 1) != '\n';
    this.lineCount = lines + (unterminatedLast ? 1 : 0);
    this.lineStart = new int[lineCount + 1];
    int line = 1;
    for (int i = 0; i < text.length() && line < lineCount; i++) {
      if (text.charAt(i) == '\n') {
        lineStart[line++] = i + 1;
      }
    }
    lineStart[lineCount] = text.length() + (unterminatedLast ? 1 : 0);
    this.blank = new boolean[lineCount];
    for (int i = 0; i < lineCount; i++) {
      blank[i] = isBlank(text, lineStart[i], lineEnd(i));
    }
  }

  String text() {
    return text;
  }

  int lineCount() {
    return lineCount;
  }

  boolean isBlank(int line) {
    return blank[line];
  }

  /** Characters of lines {@code first..last} (0-based, inclusive), with their line breaks. */
  int chars(int first, int last) {
    return lineStart[last + 1] - lineStart[first];
  }

  /** Length of one line without its break. */
  int lineLength(int line) {
    return lineEnd(line) - lineStart[line];
  }

  /** The exact text of lines {@code first..last}, without the last line's break (LF or CRLF). */
  String lines(int first, int last) {
    return text.substring(lineStart[first], lineEnd(last));
  }

  /** The text of one line without its break. */
  String line(int line) {
    return lines(line, line);
  }

  private int lineEnd(int line) {
    boolean terminated = lineStart[line + 1] <= text.length();
    int end = terminated ? lineStart[line + 1] - 1 : text.length();
    if (terminated && end > lineStart[line] && text.charAt(end - 1) == '\r') {
      end--;
    }
    return end;
  }

  private static boolean isBlank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
