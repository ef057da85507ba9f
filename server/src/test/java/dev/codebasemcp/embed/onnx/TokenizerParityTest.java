package dev.codebasemcp.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our tokenizer against the reference, Hugging Face's Rust tokenizers (through DJL, test scope
 * only), on the same tokenizer.json: identical ids, or the pipeline is wrong.
 */
class TokenizerParityTest {
  private static HuggingFaceTokenizer reference;
  private static HuggingFaceTokenizer referenceTruncating;

  @BeforeAll
  static void loadReference() throws IOException {
    reference =
        HuggingFaceTokenizer.newInstance(
            OnnxEmbedder.class.getResourceAsStream(OnnxEmbedder.TOKENIZER_RESOURCE),
            Map.of("padding", "false", "truncation", "false"));
    referenceTruncating =
        HuggingFaceTokenizer.newInstance(
            OnnxEmbedder.class.getResourceAsStream(OnnxEmbedder.TOKENIZER_RESOURCE),
            Map.of(
                "padding", "false",
                "truncation", "true",
                "maxLength", String.valueOf(OnnxEmbedder.MAX_TOKENS)));
  }

  @AfterAll
  static void closeReference() {
    reference.close();
    referenceTruncating.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "public static String reverse(String s) { return new StringBuilder(s).reverse().toString(); }",
        "getUserByIdAndEmailAddress XMLHttpRequest parseHTTPResponse2JSON iOS macOS",
        "max_input_chars_per_word __init__ SCREAMING_SNAKE_CASE _private $jquery kebab-case-name",
        "a+b-c*d/e%f^g&h|i~j!k@l#m$n foo::bar->baz=>qux i++; j--; k <<= 2; m >>>= 3;",
        "<html><body class=\"x\">&nbsp;</body></html> ${VAR:-default} `cmd` 'q' \"dq\" ... ;;",
        "3.14159 1e-10 0xDEADBEEF 1_000_000 -42 +7 1.0f 2L 0b1010 v1.2.3-rc.1",
        "Café naïve résumé Ångström straße İstanbul ǅungla ﬁle ﬀ Ｆｕｌｌｗｉｄｔｈ ℌℍ",
        "Ελληνικά ΣΟΦΊΑ σοφός Русский текст ภาษาไทย مرحبا שָׁלוֹם नमस्ते",
        "日本語のテキスト 中文分词测试 한국어 텍스트 カタカナ",
        "emoji 🚀🥰 👍🏽 🫠 ❤️ ∑∫√ ≤ ≥ → ⇒ €100 ¥200 £300 x² x₂ ½ ©®™",
        "“quotes” ‘single’ «guillemets» — em – en … • ¿¡ 、。",
        "zero\u200Bwidth nbsp\u00A0here tab\tnew\nline\r\n \u0085nel \u000Bvt \u000Cff \u2028ls",
        "control\u0001chars\u001F nul\u0000 repl\uFFFDx bom\uFEFF e\u0301 private\uE000use",
        "// TODO(alice): fix #123 -- see https://example.com/a?b=c&d=e#frag @Override",
        "SELECT u.id, COUNT(*) FROM users u WHERE u.name LIKE '%smith%' GROUP BY 1;",
        "",
        "   \n\t  "
      })
  void trickyTextsGiveTheReferenceIds(String text) {
    assertSameIds(text);
  }

  @Test
  void aWordOfMoreThanAHundredCharactersGivesTheReferenceIds() {
    assertSameIds("a".repeat(150) + " " + "b".repeat(100) + " " + "c".repeat(101));
  }

  @Test
  void everySourceFileOfThisRepositoryGivesTheReferenceIds() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("src"))) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    int pieces = 0;
    for (Path file : files) {
      String source = withoutSpecialTokens(Files.readString(file));
      for (int from = 0; from < source.length(); from += 2000) {
        assertSameIds(source.substring(from, Math.min(source.length(), from + 2000)));
        pieces++;
      }
    }
    assertTrue(pieces > 50, "pieces compared: " + pieces);
  }

  /** Java source in bulk: every 50th file of the JDK's own sources, where the JDK ships them. */
  @Test
  void jdkSourcesGiveTheReferenceIds() throws IOException {
    Path srcZip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    assumeTrue(Files.isRegularFile(srcZip), "no " + srcZip + " in this JDK");
    int files = 0;
    try (ZipFile zip = new ZipFile(srcZip.toFile())) {
      List<? extends ZipEntry> entries =
          zip.stream().filter(e -> e.getName().endsWith(".java")).toList();
      for (int i = 0; i < entries.size(); i += 50) {
        String source;
        try (InputStream in = zip.getInputStream(entries.get(i))) {
          source = withoutSpecialTokens(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (int from = 0; from < source.length(); from += 2000) {
          assertSameIds(source.substring(from, Math.min(source.length(), from + 2000)));
        }
        files++;
      }
    }
    assertTrue(files > 100, "files compared: " + files);
  }

  /**
   * Random strings over the scripts and symbols code and prose use. Code points that Unicode added
   * after the Rust library's tables (rare scripts, newer punctuation) can give a different number
   * of [UNK]s, so the fuzz keeps to blocks that are older than both.
   */
  @Test
  void randomTextsOverCommonScriptsGiveTheReferenceIds() {
    int[][] ranges = {
      {0x20, 0x7E},
      {0xA0, 0x24F},
      {0x370, 0x3FF},
      {0x400, 0x4FF},
      {0x5D0, 0x5EA},
      {0x621, 0x64A},
      {0x900, 0x97F},
      {0xE01, 0xE5B},
      {0x2000, 0x206F},
      {0x2100, 0x22FF},
      {0x3000, 0x30FF},
      {0x4E00, 0x9FFF},
      {0xAC00, 0xD7A3},
      {0xFF01, 0xFF5E},
      {0x1F300, 0x1F5FF}
    };
    SplittableRandom random = new SplittableRandom(42);
    for (int n = 0; n < 5000; n++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(24);
      for (int k = 0; k < length; k++) {
        int[] range = ranges[random.nextInt(ranges.length)];
        text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        if (random.nextInt(4) == 0) {
          text.append(' ');
        }
      }
      assertSameIds(text.toString());
    }
  }

  @Test
  void longTextsAreTruncatedLikeTheReference() {
    String text = "int total = values.stream().mapToInt(Integer::intValue).sum(); ".repeat(40);
    long[] expected = referenceTruncating.encode(text).getIds();
    assertEquals(OnnxEmbedder.MAX_TOKENS, expected.length);
    assertArrayEquals(
        expected, longs(Tokenizers.MINILM.encode(text, OnnxEmbedder.MAX_TOKENS)), "truncated");
    assertEquals(reference.encode(text).getIds().length, Tokenizers.MINILM.count(text));
  }

  private static void assertSameIds(String text) {
    long[] expected = reference.encode(text).getIds();
    long[] actual = longs(Tokenizers.MINILM.encode(text, Integer.MAX_VALUE));
    if (!Arrays.equals(expected, actual)) {
      List<String> codePoints = new ArrayList<>();
      text.codePoints().limit(80).forEach(cp -> codePoints.add(Integer.toHexString(cp)));
      assertArrayEquals(
          expected,
          actual,
          "ids differ for '"
              + text.substring(0, Math.min(200, text.length()))
              + "' "
              + codePoints
              + ": reference tokens "
              + String.join(" ", reference.encode(text).getTokens()));
    }
  }

  /**
   * The one deliberate difference: the reference reads "[UNK]" in a text as the special token, ours
   * as brackets and a word. Source code mentions them, so the comparisons leave them out.
   */
  private static String withoutSpecialTokens(String text) {
    return text.replaceAll("\\[(UNK|CLS|SEP|PAD|MASK)]", " ");
  }

  private static long[] longs(int[] ids) {
    return Arrays.stream(ids).asLongStream().toArray();
  }
}
