package dev.codebasemcp.index.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** Checks every chunking must pass, whatever the language: coverage, exact text, order. */
final class ChunkAssertions {
  private ChunkAssertions() {}

  /** 1-based numbers of the non-blank lines of {@code text} that no chunk holds. */
  static List<Integer> uncoveredLines(String text, List<Chunk> chunks) {
    SourceText source = new SourceText(text);
    boolean[] covered = new boolean[source.lineCount()];
    for (Chunk chunk : chunks) {
      for (int line = chunk.startLine(); line <= chunk.endLine(); line++) {
        covered[line - 1] = true;
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int line = 0; line < covered.length; line++) {
      if (!covered[line] && !source.isBlank(line)) {
        missing.add(line + 1);
      }
    }
    return missing;
  }

  /** Coverage, exact content, indexes in order, lines inside the file. */
  static void assertWellFormed(String text, List<Chunk> chunks) {
    SourceText source = new SourceText(text);
    assertEquals(List.of(), uncoveredLines(text, chunks), "non-blank lines in no chunk");
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertEquals(i, chunk.index(), "chunk index");
      assertTrue(
          1 <= chunk.startLine()
              && chunk.startLine() <= chunk.endLine()
              && chunk.endLine() <= source.lineCount(),
          () -> "lines " + chunk.startLine() + ".." + chunk.endLine());
      assertEquals(
          source.lines(chunk.startLine() - 1, chunk.endLine() - 1),
          chunk.content(),
          "content of chunk " + i);
      if (i > 0) {
        assertTrue(
            chunks.get(i - 1).startLine() <= chunk.startLine(), "chunks in order of first line");
      }
    }
  }
}
