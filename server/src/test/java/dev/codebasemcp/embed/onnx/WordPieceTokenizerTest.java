package dev.codebasemcp.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.embed.EmbeddingException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
  private static final WordPieceTokenizer TOKENIZER = Tokenizers.MINILM;
  private static final int CLS = 101;
  private static final int SEP = 102;
  private static final int UNK = 100;

  @Test
  void wrapsTextInClsAndSep() {
    int[] ids = TOKENIZER.encode("hello world", 256);
    assertArrayEquals(new int[] {CLS, 7592, 2088, SEP}, ids);
  }

  @Test
  void emptyTextIsJustTheSpecialTokens() {
    assertArrayEquals(new int[] {CLS, SEP}, TOKENIZER.encode("", 256));
    assertArrayEquals(new int[] {CLS, SEP}, TOKENIZER.encode(" \n\t ", 256));
    assertEquals(2, TOKENIZER.count(""));
  }

  @Test
  void lowercasesAndStripsAccents() {
    assertArrayEquals(TOKENIZER.encode("cafe resume", 256), TOKENIZER.encode("CAFÉ Résumé", 256));
  }

  @Test
  void punctuationAndAsciiSymbolsAreWordsOfTheirOwn() {
    assertEquals(
        List.of("foo", ":", ":", "bar", "-", ">", "baz", "$", "x", "|", "y"),
        BertPreTokenizer.words("foo::bar->baz$x|y"));
  }

  @Test
  void camelCaseStaysOneWordSplitIntoPieces() {
    int[] ids = TOKENIZER.encode("getUserById", 256);
    assertEquals(1, BertPreTokenizer.words("getUserById").size());
    assertTrue(ids.length > 3, "one word, several word pieces");
  }

  @Test
  void aWordLongerThanTheModelAllowsIsOneUnknown() {
    assertArrayEquals(new int[] {CLS, UNK, SEP}, TOKENIZER.encode("a".repeat(101), 256));
  }

  @Test
  void cjkIdeographsAreWordsOfTheirOwn() {
    assertEquals(List.of("中", "文", "x"), BertPreTokenizer.words("中文x"));
  }

  @Test
  void controlAndFormatCharactersVanishAndOtherWhitespaceSeparates() {
    assertEquals(List.of("abc", "d"), BertPreTokenizer.words("a\u0000b\u200Bc\u00A0d\u0001"));
  }

  @Test
  void truncationKeepsSepAtTheEnd() {
    String text = "word ".repeat(1000);
    int[] ids = TOKENIZER.encode(text, 256);
    assertEquals(256, ids.length);
    assertEquals(CLS, ids[0]);
    assertEquals(SEP, ids[255]);
    assertEquals(1002, TOKENIZER.count(text));
  }

  @Test
  void truncationNeverLeavesAHalfWordPastTheLimit() {
    int[] ids = TOKENIZER.encode("tokenization ".repeat(300), 9);
    assertEquals(9, ids.length);
    assertEquals(SEP, ids[8]);
  }

  @Test
  void specialTokenTextInCodeIsOrdinaryText() {
    int[] ids = TOKENIZER.encode("[SEP]", 256);
    assertEquals(CLS, ids[0]);
    assertTrue(ids.length > 3, "'[', 'sep', ']' rather than one separator");
  }

  @Test
  void refusesATokenizerThatIsNotBertWordPiece() {
    String json =
        """
        {"model": {"type": "BPE", "vocab": {"a": 0}},
         "normalizer": {"type": "NFC"}, "pre_tokenizer": {"type": "ByteLevel"}}
        """;
    EmbeddingException e =
        assertThrows(
            EmbeddingException.class,
            () ->
                WordPieceTokenizer.fromTokenizerJson(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "bpe.json"));
    assertTrue(e.getMessage().contains("bpe.json"), e.getMessage());
    assertTrue(e.getMessage().contains("model.type is 'BPE'"), e.getMessage());
  }
}
