package dev.codebasemcp.embed.onnx;

import dev.codebasemcp.embed.EmbeddingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * BERT's uncased WordPiece tokenizer in plain Java, reading its vocabulary from a Hugging Face
 * {@code tokenizer.json}: the same token ids as the Rust tokenizers library for the models it
 * accepts, with no native library to extract or load. Immutable and thread-safe.
 *
 * <p>One deliberate difference: the special tokens' text ({@code [CLS]}, {@code [SEP]}, ...) inside
 * a text is tokenized as ordinary text, so code that mentions them cannot inject control tokens
 * into the model's input.
 */
public final class WordPieceTokenizer {
  private static final String CONTINUATION = "##";

  private final Map<String, Integer> wordStarts;
  private final Map<String, Integer> continuations;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int maxCharsPerWord;

  private WordPieceTokenizer(Map<String, Integer> vocab, String unkToken, int maxCharsPerWord) {
    this.wordStarts = new HashMap<>();
    this.continuations = new HashMap<>();
    // Continuation pieces live in their own map without the prefix: lookups need no concatenation.
    vocab.forEach(
        (piece, id) -> {
          if (piece.startsWith(CONTINUATION)) {
            continuations.put(piece.substring(CONTINUATION.length()), id);
          } else {
            wordStarts.put(piece, id);
          }
        });
    this.unkId = required(vocab, unkToken);
    this.clsId = required(vocab, "[CLS]");
    this.sepId = required(vocab, "[SEP]");
    this.maxCharsPerWord = maxCharsPerWord;
  }

  /**
   * Reads a {@code tokenizer.json} with a WordPiece model, a lowercasing BertNormalizer and a
   * BertPreTokenizer; any other tokenizer is refused rather than tokenized wrongly.
   *
   * @param source names the file in error messages
   */
  public static WordPieceTokenizer fromTokenizerJson(InputStream json, String source) {
    JsonNode root;
    try (json) {
      root = JsonMapper.shared().readTree(json);
    } catch (IOException | JacksonException e) {
      throw new EmbeddingException(
          "Cannot read the tokenizer " + source + ": " + e.getMessage(), e);
    }
    JsonNode model = root.path("model");
    expect(source, "model.type", model.path("type").asString(""), "WordPiece");
    expect(
        source,
        "model.continuing_subword_prefix",
        model.path("continuing_subword_prefix").asString(""),
        CONTINUATION);
    expect(
        source,
        "normalizer.type",
        root.path("normalizer").path("type").asString(""),
        "BertNormalizer");
    expect(
        source,
        "normalizer.lowercase",
        root.path("normalizer").path("lowercase").asString(""),
        "true");
    expect(
        source,
        "pre_tokenizer.type",
        root.path("pre_tokenizer").path("type").asString(""),
        "BertPreTokenizer");
    if (root.path("normalizer").path("strip_accents").asString("true").equals("false")) {
      expect(source, "normalizer.strip_accents", "false", "true or null");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : model.path("vocab").properties()) {
      vocab.put(entry.getKey(), entry.getValue().asInt());
    }
    if (vocab.isEmpty()) {
      throw new EmbeddingException("The tokenizer " + source + " has no model.vocab");
    }
    return new WordPieceTokenizer(
        vocab,
        model.path("unk_token").asString("[UNK]"),
        model.path("max_input_chars_per_word").asInt(100));
  }

  /**
   * The model's input ids for {@code text}: {@code [CLS]}, the word pieces, {@code [SEP]}, cut to
   * at most {@code maxTokens} in all (the end of a long text is dropped, as Hugging Face's
   * truncation does).
   */
  public int[] encode(String text, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException(
          "maxTokens must leave room for [CLS] and [SEP]: " + maxTokens);
    }
    List<Integer> pieces = new ArrayList<>();
    for (String word : BertPreTokenizer.words(text)) {
      if (!addPieces(word, pieces, maxTokens - 2)) {
        break;
      }
    }
    int[] ids = new int[pieces.size() + 2];
    ids[0] = clsId;
    for (int i = 0; i < pieces.size(); i++) {
      ids[i + 1] = pieces.get(i);
    }
    ids[ids.length - 1] = sepId;
    return ids;
  }

  /** How many tokens {@code text} has with {@code [CLS]} and {@code [SEP]}, before truncation. */
  public int count(String text) {
    return encode(text, Integer.MAX_VALUE).length;
  }

  /**
   * Appends the pieces of one word, greedily longest first; a word with a part that no piece
   * matches, or longer than the model allows, is one {@code [UNK]}.
   *
   * @return false once {@code limit} pieces are there
   */
  private boolean addPieces(String word, List<Integer> pieces, int limit) {
    int length = word.codePointCount(0, word.length());
    if (length > maxCharsPerWord) {
      return add(unkId, pieces, limit);
    }
    List<Integer> wordPieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      Integer id = null;
      int end = word.length();
      Map<String, Integer> table = start == 0 ? wordStarts : continuations;
      while (end > start) {
        id = table.get(word.substring(start, end));
        if (id != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (id == null) {
        return add(unkId, pieces, limit);
      }
      wordPieces.add(id);
      start = end;
    }
    for (int id : wordPieces) {
      if (!add(id, pieces, limit)) {
        return false;
      }
    }
    return true;
  }

  private static boolean add(int id, List<Integer> pieces, int limit) {
    if (pieces.size() >= limit) {
      return false;
    }
    pieces.add(id);
    return pieces.size() < limit;
  }

  private static int required(Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new EmbeddingException("The tokenizer vocabulary has no " + token + " token");
    }
    return id;
  }

  private static void expect(String source, String field, String actual, String expected) {
    if (!expected.equals(actual)) {
      throw new EmbeddingException(
          "The tokenizer "
              + source
              + " is not an uncased BERT WordPiece tokenizer: "
              + field
              + " is '"
              + actual
              + "', expected '"
              + expected
              + "'");
    }
  }
}
