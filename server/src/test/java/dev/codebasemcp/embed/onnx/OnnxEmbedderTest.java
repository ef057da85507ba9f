package dev.codebasemcp.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.ChildProcess;
import dev.codebasemcp.embed.EmbeddingException;
import dev.codebasemcp.embed.Vectors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real model, loaded once: no mocks. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OnnxEmbedderTest {
  private static final String REVERSE =
      """
      public static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
      }""";
  private static final String PARSE_DATE =
      """
      public static LocalDate parseDate(String text) {
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
      }""";
  private static final List<String> TEXTS =
      List.of(
          REVERSE,
          "reverse a string",
          PARSE_DATE,
          "",
          "x",
          "SELECT u.id FROM users u WHERE u.email = ?",
          "Ελληνικά 日本語 emoji 🚀",
          "int total = values.stream().mapToInt(Integer::intValue).sum(); ".repeat(30),
          "getUserByIdAndEmailAddress(final long id, String email)");

  private static OnnxEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.load(new OnnxOptions(2, 1));
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void identifiesTheBuiltInModel() {
    assertEquals("all-minilm-l6-v2-q", embedder.modelId());
    assertEquals(384, embedder.dimension());
    assertEquals(256, embedder.maxTokens());
  }

  @Test
  void vectorsHave384DimensionsAndUnitLength() {
    for (float[] vector : embedder.embed(TEXTS)) {
      assertEquals(384, vector.length);
      assertEquals(1.0, Vectors.norm(vector), 1e-5);
    }
  }

  @Test
  void aQueryIsCloserToTheCodeThatDoesWhatItSays() {
    float[] query = embedder.embedQuery("reverse a string");
    List<float[]> code = embedder.embed(List.of(REVERSE, PARSE_DATE));
    double toReverse = Vectors.cosine(query, code.get(0));
    double toParseDate = Vectors.cosine(query, code.get(1));
    assertTrue(
        toReverse > toParseDate + 0.1, "reverse " + toReverse + ", parse date " + toParseDate);
    float[] dateQuery = embedder.embedQuery("parse an ISO date from text");
    assertTrue(Vectors.cosine(dateQuery, code.get(1)) > Vectors.cosine(dateQuery, code.get(0)));
  }

  @Test
  void aTextEmbedsTheSameAloneOrAmongOthersInAnyOrder() {
    List<float[]> together = embedder.embed(TEXTS);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    List<String> shuffled = order.stream().map(TEXTS::get).toList();
    List<float[]> shuffledVectors = embedder.embed(shuffled);
    for (int i = 0; i < TEXTS.size(); i++) {
      float[] alone = embedder.embedQuery(TEXTS.get(i));
      assertClose(alone, together.get(i), "text " + i + " in a list");
      assertClose(alone, shuffledVectors.get(order.indexOf(i)), "text " + i + " shuffled");
    }
  }

  @Test
  void anEmptyListGivesNoVectors() {
    assertEquals(List.of(), embedder.embed(List.of()));
  }

  @Test
  void anEmptyStringGivesAUnitVector() {
    float[] vector = embedder.embedQuery("");
    assertEquals(384, vector.length);
    assertEquals(1.0, Vectors.norm(vector), 1e-5);
  }

  @Test
  void aVeryLongTextIsTruncatedToTheModelsWindow() {
    String word = "alpha ";
    float[] huge = embedder.embedQuery(word.repeat(50_000));
    float[] window = embedder.embedQuery(word.repeat(OnnxEmbedder.MAX_TOKENS - 2));
    assertClose(window, huge, "the first 254 tokens decide");
    assertEquals(50_002, embedder.countTokens(word.repeat(50_000)));
  }

  @Test
  void countTokensCountsTheModelsTokensWithClsAndSep() {
    assertEquals(2, embedder.countTokens(""));
    assertEquals(4, embedder.countTokens("hello world"));
    assertEquals(Tokenizers.MINILM.count(REVERSE), embedder.countTokens(REVERSE));
  }

  @Test
  void concurrentCallersFromVirtualAndPlatformThreadsGetTheSameVectors() throws Exception {
    List<float[]> expected = embedder.embed(TEXTS);
    List<Future<List<float[]>>> results = new ArrayList<>();
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService platform = Executors.newFixedThreadPool(3)) {
      for (int i = 0; i < 3; i++) {
        results.add(virtual.submit(() -> embedder.embed(TEXTS)));
        results.add(platform.submit(() -> embedder.embed(TEXTS)));
      }
      for (Future<List<float[]>> result : results) {
        List<float[]> vectors = result.get(90, TimeUnit.SECONDS);
        for (int i = 0; i < TEXTS.size(); i++) {
          assertClose(expected.get(i), vectors.get(i), "text " + i);
        }
      }
    }
  }

  @Test
  void aClosedEmbedderRefusesWork() {
    OnnxEmbedder closed = OnnxEmbedder.load(new OnnxOptions(1, 1));
    closed.close();
    closed.close();
    EmbeddingException e =
        assertThrows(EmbeddingException.class, () -> closed.embed(List.of("text")));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void closingWhileEmbeddingFailsTheCallerInsteadOfHangingIt() throws Exception {
    OnnxEmbedder closing = OnnxEmbedder.load(new OnnxOptions(1, 1));
    List<String> many = Collections.nCopies(400, "int total = values.stream().sum(); ".repeat(20));
    try (ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<float[]>> result = caller.submit(() -> closing.embed(many));
      Thread.sleep(200);
      closing.close();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof EmbeddingException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }
  }

  @Test
  void loadingAndEmbeddingPrintNothingOnStdoutWhichIsTheProtocol() throws Exception {
    ChildProcess.Result result =
        ChildProcess.finish(
            ChildProcess.start(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    System.getProperty("java.class.path"),
                    EmbedOnce.class.getName()),
                Map.of()));
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stdout());
    assertTrue(result.stderr().contains("embedded 2"), result.stderr());
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int d = 0; d < expected.length; d++) {
      assertEquals(expected[d], actual[d], 1e-5, what + ", dimension " + d);
    }
  }
}
