package dev.codebasemcp.embed.onnx;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The uncased BERT normalizer and pre-tokenizer, as Hugging Face tokenizers' {@code BertNormalizer}
 * (clean text, space around CJK ideographs, strip accents, lowercase) and {@code BertPreTokenizer}
 * (split on whitespace, each punctuation character a word of its own) do them. Stateless and
 * thread-safe.
 *
 * <p>Character classes follow the Rust implementation, not Java's own {@code isWhitespace}: tab,
 * newline and carriage return are whitespace, other control characters are dropped, and every ASCII
 * symbol ({@code $+<=>^`|~}) counts as punctuation although Unicode calls it a symbol.
 */
final class BertPreTokenizer {
  private BertPreTokenizer() {}

  /** The words of {@code text}, normalised, in order. */
  static List<String> words(String text) {
    String normalized = normalize(text);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == ' ') {
        flush(word, words);
      } else if (isPunctuation(cp)) {
        flush(word, words);
        words.add(Character.toString(cp));
      } else {
        word.appendCodePoint(cp);
      }
    }
    flush(word, words);
    return words;
  }

  /**
   * Cleans, spaces CJK, strips accents and lowercases, in the order BertNormalizer does: accents go
   * before lowercasing, so the canonical decomposition sees the original letters.
   */
  static String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      if (isWhitespace(cp)) {
        cleaned.append(' ');
      } else if (isCjk(cp)) {
        cleaned.append(' ').appendCodePoint(cp).append(' ');
      } else {
        cleaned.appendCodePoint(cp);
      }
    }
    String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        // Per code point, as the Rust code does: String.toLowerCase would apply the final-sigma
        // rule and give a different letter at the end of Greek words.
        out.appendCodePoint(Character.toLowerCase(cp));
      }
    }
    return out.toString();
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  static boolean isWhitespace(int cp) {
    return cp == '\t' || cp == '\n' || cp == '\r' || Character.isSpaceChar(cp);
  }

  /**
   * Control, format, private-use and surrogate code points, less the three whitespace controls.
   * Unassigned code points are kept, as the Rust library does (checked against it): they become
   * {@code [UNK]} words instead of vanishing.
   */
  static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> true;
      default -> false;
    };
  }

  static boolean isPunctuation(int cp) {
    if (cp < 128) {
      return (cp >= 33 && cp <= 47)
          || (cp >= 58 && cp <= 64)
          || (cp >= 91 && cp <= 96)
          || (cp >= 123 && cp <= 126);
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /** The CJK Unified Ideograph blocks, with the ranges Hugging Face tokenizers uses. */
  static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
