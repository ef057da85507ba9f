package dev.codebasemcp.index.chunk;

import static dev.codebasemcp.index.chunk.ChunkAssertions.assertWellFormed;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The property every split keeps whatever the budget: each non-blank line is in a chunk, each
 * chunk's content is exactly its lines, and only a single line may exceed the budget.
 */
class NoCodeLostTest {
  private static final List<String> FIXTURES =
      List.of(
          "Sample.java",
          "Sample.kt",
          "sample.c",
          "sample.cpp",
          "sample.cs",
          "sample.go",
          "sample.js",
          "sample.php",
          "sample.py",
          "sample.rb",
          "sample.rs",
          "sample.ts",
          "sample.tsx");

  static Stream<Arguments> fixturesAndBudgets() {
    List<Arguments> cases = new ArrayList<>();
    for (String fixture : FIXTURES) {
      for (int budget : new int[] {3, 8, 20, 64, 256}) {
        cases.add(Arguments.of(fixture, budget));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} in chunks of {1} tokens")
  @MethodSource("fixturesAndBudgets")
  void everyFixtureLineIsInAChunkAtEveryBudget(String fixture, int budget) {
    String text = SyntaxChunkingTest.fixture(fixture);
    Chunker chunker = new Chunker(budget, s -> s.length() / 4);
    List<Chunk> chunks = chunker.split("src/" + fixture, text);
    assertWellFormed(text, chunks);
    assertWithinBudget(chunks, budget);
    // The same file as plain text (line windows) keeps the property too.
    List<Chunk> asText = chunker.split("src/" + fixture + ".txt", text);
    assertWellFormed(text, asText);
    assertWithinBudget(asText, budget);
  }

  @ParameterizedTest(name = "JDK sources in chunks of {0} tokens")
  @ValueSource(ints = {64, 256})
  void everyLineOfRealJdkSourcesIsInAChunk(int budget) throws IOException {
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    assumeTrue(Files.isRegularFile(zip), "no src.zip in this JDK");
    Chunker chunker = new Chunker(budget, s -> s.length() / 4);
    try (ZipFile sources = new ZipFile(zip.toFile())) {
      List<ZipEntry> java = new ArrayList<>();
      for (ZipEntry entry : Collections.list(sources.entries())) {
        if (entry.getName().endsWith(".java")) {
          java.add(entry);
        }
      }
      int step = Math.max(1, java.size() / 300);
      for (int i = 0; i < java.size(); i += step) {
        ZipEntry entry = java.get(i);
        String text;
        try (InputStream in = sources.getInputStream(entry)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Chunk> chunks = chunker.split(entry.getName(), text);
        assertWellFormed(text, chunks);
        assertWithinBudget(chunks, budget);
      }
    }
  }

  private static void assertWithinBudget(List<Chunk> chunks, int budget) {
    for (Chunk chunk : chunks) {
      assertTrue(
          chunk.startLine() == chunk.endLine() || chunk.content().length() / 4 <= budget,
          () -> "lines " + chunk.startLine() + "-" + chunk.endLine() + " over the budget");
    }
  }
}
