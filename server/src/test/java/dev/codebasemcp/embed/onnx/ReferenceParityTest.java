package dev.codebasemcp.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.embed.Vectors;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our whole pipeline (tokenizer, model call, pooling, normalisation) against langchain4j's own
 * embedding model for the same jar, on texts it reads whole: its tokenizer.json cuts at 128 tokens,
 * where sentence-transformers (and we) read 256.
 */
class ReferenceParityTest {
  private static final List<String> TEXTS =
      List.of(
          "reverse a string",
          "public static String reverse(String s) { return new StringBuilder(s).reverse().toString(); }",
          "getUserByIdAndEmailAddress max_input_chars_per_word XMLHttpRequest __init__",
          "Café naïve résumé Ångström straße Ελληνικά 日本語のテキスト 🚀 ∑ → €",
          "a+b-c*d/e%f^g&h|i~j!k@l#m$n foo::bar->baz i++; k <<= 2; ${VAR:-default}",
          "zero\u200Bwidth nbsp\u00A0here tab\tnew\nline control\u0001chars",
          "SELECT u.id, COUNT(*) FROM users u WHERE u.name LIKE '%smith%' GROUP BY 1;",
          """
          /** Returns the index of the first element equal to {@code key}, or -1. */
          static int indexOf(int[] values, int key) {
            for (int i = 0; i < values.length; i++) {
              if (values[i] == key) {
                return i;
              }
            }
            return -1;
          }""");

  private static OnnxEmbedder embedder;
  private static AllMiniLmL6V2QuantizedEmbeddingModel reference;

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.load(new OnnxOptions(1, 1));
    reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void vectorsMatchLangchain4jsEmbeddingOfTheSameModel() {
    List<float[]> ours = embedder.embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      String text = TEXTS.get(i);
      assertTrue(embedder.countTokens(text) <= 128, "the reference would truncate text " + i);
      float[] expected = reference.embed(text).content().vector();
      double cosine = Vectors.cosine(expected, ours.get(i));
      assertTrue(cosine > 0.9999, "cosine " + cosine + " for text " + i + ": " + text);
    }
  }
}
