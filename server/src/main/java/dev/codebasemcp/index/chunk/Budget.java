package dev.codebasemcp.index.chunk;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The token budget of one file's chunks. The counter is a model tokenizer, so it is asked only
 * where an estimate cannot decide: a piece of at most {@code maxTokens} characters always fits (a
 * word piece covers at least one character), a piece of more than {@link #HOPELESS_CHARS_PER_TOKEN}
 * characters per token never does, and in between the exact count is taken once and remembered.
 * Counts of neighbouring pieces are added up: word-piece tokenizers split at whitespace, so the
 * count of two pieces joined by a line break is the sum of their counts (less the special tokens a
 * counter adds to every text, measured once on the empty string). Estimates divide characters by
 * the characters per token seen so far in this file, starting at 3. Not thread-safe: one per split.
 */
final class Budget {
  /** No tokenizer reads this many characters as one token on average: such a piece is too big. */
  static final int HOPELESS_CHARS_PER_TOKEN = 8;

  private static final double INITIAL_CHARS_PER_TOKEN = 3.0;
  private static final double MIN_CHARS_PER_TOKEN = 2.0;
  private static final double MAX_CHARS_PER_TOKEN = 6.0;

  private final int maxTokens;
  private final ToIntFunction<String> counter;
  private final int specialTokens;
  private final SourceText source;
  private final Map<Long, Integer> exact = new HashMap<>();
  private long countedChars;
  private long countedTokens;
  private int calls;

  Budget(int maxTokens, ToIntFunction<String> counter, int specialTokens, SourceText source) {
    this.maxTokens = maxTokens;
    this.counter = counter;
    this.specialTokens = specialTokens;
    this.source = source;
  }

  int maxTokens() {
    return maxTokens;
  }

  /** How many times the tokenizer was asked (tests and benchmarks watch this). */
  int counterCalls() {
    return calls;
  }

  /** Tokens of lines {@code first..last}: exact where it matters, otherwise an estimate. */
  int tokens(int first, int last) {
    int chars = source.chars(first, last);
    if (chars <= maxTokens || chars > (long) maxTokens * HOPELESS_CHARS_PER_TOKEN) {
      return estimate(chars);
    }
    return exact(first, last);
  }

  /** Whether lines {@code first..last} fit, asking the tokenizer only near the limit. */
  boolean fits(int first, int last) {
    return tokens(first, last) <= maxTokens;
  }

  /** An estimate from the characters per token seen so far in this file. */
  int estimate(int chars) {
    double ratio =
        countedTokens == 0
            ? INITIAL_CHARS_PER_TOKEN
            : Math.clamp(
                (double) countedChars / countedTokens, MIN_CHARS_PER_TOKEN, MAX_CHARS_PER_TOKEN);
    return (int) Math.ceil(chars / ratio);
  }

  /** The tokenizer's count of lines {@code first..last} without special tokens, remembered. */
  int exact(int first, int last) {
    long key = ((long) first << 32) | last;
    Integer known = exact.get(key);
    if (known != null) {
      return known;
    }
    String text = source.lines(first, last);
    calls++;
    int tokens = Math.max(0, counter.applyAsInt(text) - specialTokens);
    countedChars += text.length();
    countedTokens += tokens;
    exact.put(key, tokens);
    return tokens;
  }
}
