package dev.codebasemcp.index.chunk;

import static dev.codebasemcp.index.chunk.ChunkAssertions.assertWellFormed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  private static final Chunker CHUNKER = new Chunker(40, s -> s.length() / 4);

  @Test
  void emptyAndBlankFilesHaveNoChunks() {
    assertEquals(List.of(), CHUNKER.split("A.java", ""));
    assertEquals(List.of(), CHUNKER.split("notes.md", "\n\n   \n"));
  }

  @Test
  void lastLineWithoutNewlineIsKept() {
    String text = "class A {\n  void m() {}\n}";
    List<Chunk> chunks = CHUNKER.split("A.java", text);
    assertWellFormed(text, chunks);
    assertEquals(1, chunks.size());
    assertEquals(3, chunks.getFirst().endLine());
    assertEquals(text, chunks.getFirst().content());
    assertEquals("A", chunks.getFirst().symbol());
  }

  @Test
  void crlfLineEndingsAreKeptInsideChunksAndDroppedAtTheirEnd() {
    String text =
        "package p;\r\n\r\nclass A {\r\n  int f() {\r\n    return 1;\r\n  }\r\n}\r\n"
            + "class B {\r\n  int g() {\r\n    return 2;\r\n  }\r\n}\r\n";
    List<Chunk> chunks = CHUNKER.split("A.java", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("1-1 null null", "3-7 A class", "8-12 B class"), outline(chunks));
    assertEquals("class A {\r\n  int f() {\r\n    return 1;\r\n  }\r\n}", chunks.get(1).content());
  }

  @Test
  void namesAfterMultiByteCharactersAreReadAtTheRightOffsets() {
    String text =
        "# Grüße 😀 aus Köln\n"
            + "def grüße(name):\n"
            + "    return f\"😀 {name}\"\n"
            + "\n"
            + "class Café:\n"
            + "    def ñandú(self): return '🦤'\n";
    List<Chunk> chunks = new Chunker(24, s -> s.length() / 4).split("u.py", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("1-3 grüße function", "5-6 Café class"), outline(chunks));

    String java = "class K {\n  /* 😀😀 */ void naïve() { int x = 1; }\n  void other() {}\n}\n";
    List<Chunk> javaChunks = new Chunker(8, s -> s.length() / 4).split("K.java", java);
    assertWellFormed(java, javaChunks);
    assertTrue(
        javaChunks.stream().anyMatch(c -> "K.naïve".equals(c.symbol())),
        () -> outline(javaChunks).toString());
  }

  @Test
  void largeMethodIsCutAtStatementsAndEveryPieceKeepsItsSymbol() {
    StringBuilder text = new StringBuilder("class Big {\n  void run() {\n");
    for (int i = 0; i < 60; i++) {
      text.append("    total += compute(").append(i).append(", value").append(i).append(");\n");
    }
    text.append("  }\n}\n");
    List<Chunk> chunks = new Chunker(64, s -> s.length() / 4).split("Big.java", text.toString());
    assertWellFormed(text.toString(), chunks);
    assertTrue(chunks.size() > 4, () -> outline(chunks).toString());
    assertEquals("1-1 Big class", outline(chunks).getFirst(), "the class's own line");
    for (Chunk chunk : chunks.subList(1, chunks.size())) {
      assertEquals("Big.run", chunk.symbol(), () -> outline(chunks).toString());
      assertEquals("method", chunk.kind());
      assertTrue(chunk.content().length() / 4 <= 64, "within the budget");
    }
    // Statements are whole: no chunk boundary falls inside one, and nothing overlaps.
    for (int i = 1; i < chunks.size(); i++) {
      assertEquals(chunks.get(i - 1).endLine() + 1, chunks.get(i).startLine());
    }
    assertEquals(64, chunks.getLast().endLine(), "the closing braces go with the last piece");
  }

  @Test
  void largeClassIsCutAtMembersAndSmallNeighboursAreMerged() {
    String text =
        """
        /** A point. */
        class Point {
          private final int x;
          private final int y;

          int x() { return x; }
          int y() { return y; }

          /** The distance to another point, rounded down to whole units of length. */
          double distanceTo(Point other) {
            int dx = other.x - x;
            int dy = other.y - y;
            return Math.sqrt(dx * dx + dy * dy);
          }
        }
        """;
    List<Chunk> chunks = new Chunker(60, s -> s.length() / 4).split("Point.java", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("1-7 Point class", "9-15 Point.distanceTo method"), outline(chunks));
  }

  @Test
  void markdownIsCutAtHeadingsOutsideCodeFences() {
    String text =
        """
        Intro line before any heading.

        # Guide
        Some words about the guide that take a little room in the budget.

        ## Install
        ```sh
        # not a heading, a shell comment
        make install
        ```
        More words about installing, enough to need their own chunk here.

        ## Use
        Words about use that fill this section up to more than the budget allows.
        """;
    List<Chunk> chunks = new Chunker(30, s -> s.length() / 4).split("docs/guide.md", text);
    assertWellFormed(text, chunks);
    assertEquals(
        List.of(
            "1-4 Guide section",
            // Too big for one chunk: two overlapping windows that keep the section's name.
            "6-10 Guide > Install section",
            "9-11 Guide > Install section",
            "13-14 Guide > Use section"),
        outline(chunks));
    assertEquals("markdown", chunks.getFirst().language());
  }

  @Test
  void textIsCutIntoLineWindowsThatOverlapOrStopAtBlankLines() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      yaml.append("key").append(i).append(": value number ").append(i).append('\n');
    }
    String text = yaml.toString();
    List<Chunk> chunks = CHUNKER.split("config/app.yaml", text);
    assertWellFormed(text, chunks);
    assertTrue(chunks.size() >= 3);
    for (int i = 1; i < chunks.size(); i++) {
      assertEquals(
          LineWindows.OVERLAP,
          chunks.get(i - 1).endLine() - chunks.get(i).startLine() + 1,
          () -> outline(chunks).toString());
    }
    for (Chunk chunk : chunks) {
      assertNull(chunk.symbol());
      assertEquals("yaml", chunk.language());
      assertTrue(chunk.content().length() / 4 <= 40);
    }

    String paragraphs = "SELECT 1;\nSELECT 2;\n\nSELECT 3;\nSELECT 4;\n\nSELECT 5;\n";
    List<Chunk> sql = new Chunker(6, s -> s.length() / 4).split("db/q.sql", paragraphs);
    assertWellFormed(paragraphs, sql);
    assertEquals(List.of("1-2 null null", "4-5 null null", "7-7 null null"), outline(sql));
  }

  @Test
  void aLineOverTheBudgetIsAChunkOfItsOwn() {
    String text = "short: 1\nlong: " + "x".repeat(2_000) + "\nshort: 2\n";
    List<Chunk> chunks = CHUNKER.split("a.yml", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("1-1 null null", "2-2 null null", "3-3 null null"), outline(chunks));
  }

  @Test
  void fileMostlyOfSyntaxErrorsIsCutIntoLineWindows() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("}} ]] this is not java at all ((( ").append(i).append(" ;;\n");
    }
    List<Chunk> chunks = CHUNKER.split("Broken.java", text.toString());
    assertWellFormed(text.toString(), chunks);
    assertTrue(chunks.size() > 1);
    assertTrue(chunks.stream().allMatch(c -> c.symbol() == null && "java".equals(c.language())));
  }

  @Test
  void aLocalSyntaxErrorKeepsTheRestOfTheStructure() {
    String text =
        """
        class Ok {
          void first() {
            int a = 1;
          }

          void broken( {
            int b = ;
          }

          void last() {
            int c = 3;
          }
        }
        """;
    List<Chunk> chunks = new Chunker(12, s -> s.length() / 4).split("Ok.java", text);
    assertWellFormed(text, chunks);
    List<String> symbols = chunks.stream().map(Chunk::symbol).toList();
    assertTrue(symbols.contains("Ok.first"), symbols::toString);
    assertTrue(symbols.contains("Ok.last"), symbols::toString);
  }

  @Test
  void parseThatRunsOutOfTimeFallsBackToLineWindows() {
    StringBuilder text = new StringBuilder("class Slow {\n");
    for (int i = 0; i < 3_000; i++) {
      text.append("  int f").append(i).append("() { return ").append(i).append("; }\n");
    }
    text.append("}\n");
    Chunker impatient = new Chunker(256, s -> s.length() / 4, 0);
    List<Chunk> chunks = impatient.split("Slow.java", text.toString());
    assertWellFormed(text.toString(), chunks);
    assertTrue(chunks.stream().allMatch(c -> c.symbol() == null));
    // The cancelled parser is reset and pooled: the next parse works.
    List<Chunk> again = CHUNKER.split("A.java", "class A {}\n");
    assertEquals("A", again.getFirst().symbol());
  }

  @Test
  void minifiedCodeIsNotParsed() {
    String text = "function a(){return 1};".repeat(100) + "\nfunction b() {}\n";
    List<Chunk> chunks = CHUNKER.split("dist/app.min.js", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("1-1 null null", "2-2 null null"), outline(chunks));
  }

  @Test
  void unknownFilesAreTextWithoutLanguage() {
    List<Chunk> chunks = CHUNKER.split("LICENSE", "Permission is granted.\n");
    assertEquals(1, chunks.size());
    assertNull(chunks.getFirst().language());
  }

  @Test
  void languageComesFromExtensionOrWellKnownName() {
    assertEquals(Optional.of("java"), Chunker.language("src/Main.java"));
    assertEquals(Optional.of("tsx"), Chunker.language("web/App.tsx"));
    assertEquals(Optional.of("javascript"), Chunker.language("web/App.JSX"));
    assertEquals(Optional.of("cpp"), Chunker.language("include/a.h"));
    assertEquals(Optional.of("csharp"), Chunker.language("A.cs"));
    assertEquals(Optional.of("markdown"), Chunker.language("README.md"));
    assertEquals(Optional.of("yaml"), Chunker.language(".github/workflows/ci.yml"));
    assertEquals(Optional.of("dockerfile"), Chunker.language("docker/Dockerfile"));
    assertEquals(Optional.of("dockerfile"), Chunker.language("Dockerfile.dev"));
    assertEquals(Optional.of("makefile"), Chunker.language("Makefile"));
    assertEquals(Optional.of("ruby"), Chunker.language("Gemfile"));
    assertEquals(Optional.of("shell"), Chunker.language(".bashrc"));
    assertEquals(Optional.empty(), Chunker.language("LICENSE"));
    assertEquals(Optional.empty(), Chunker.language("archive.tar.xyz"));
    assertEquals(Optional.empty(), Chunker.language(".gitignore"));
  }

  @Test
  void tokenizerIsAskedOnlyNearTheLimit() {
    AtomicInteger calls = new AtomicInteger();
    Chunker counting =
        new Chunker(
            256,
            s -> {
              calls.incrementAndGet();
              return s.length() / 4;
            });
    calls.set(0);
    counting.split("A.java", "class A {\n  int x;\n}\n");
    assertEquals(0, calls.get(), "a file shorter than the budget in characters is never counted");

    String big = SyntaxChunkingTest.fixture("Sample.java").repeat(40);
    calls.set(0);
    List<Chunk> chunks = counting.split("Big.java", big);
    assertTrue(
        calls.get() <= 2 * chunks.size(),
        () -> calls.get() + " counts for " + chunks.size() + " chunks");
  }

  @Test
  void specialTokensAreLeftOutOfTheBudget() {
    String text = "line of text number one\n".repeat(100);
    List<Chunk> chunks = new Chunker(30, s -> 2 + s.length() / 4).split("a.txt", text);
    assertWellFormed(text, chunks);
    for (Chunk chunk : chunks) {
      assertTrue(2 + chunk.content().length() / 4 <= 30, chunk::content);
    }
  }

  @Test
  void concurrentSplitsGiveTheSameChunksAsOne() throws Exception {
    List<String> fixtures =
        List.of(
            "Sample.java",
            "sample.py",
            "sample.go",
            "sample.rs",
            "sample.ts",
            "sample.cpp",
            "Sample.kt");
    List<List<Chunk>> expected =
        fixtures.stream().map(f -> CHUNKER.split(f, SyntaxChunkingTest.fixture(f))).toList();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int round = 0; round < 200; round++) {
        int i = round % fixtures.size();
        results.add(
            pool.submit(
                () ->
                    expected
                        .get(i)
                        .equals(
                            CHUNKER.split(
                                fixtures.get(i), SyntaxChunkingTest.fixture(fixtures.get(i))))));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get(30, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void chunksNeverStartOrEndWithBlankLines() {
    String text = "\n\n\nclass A {\n\n  int x;\n\n}\n\n\n";
    List<Chunk> chunks = CHUNKER.split("A.java", text);
    assertWellFormed(text, chunks);
    assertEquals(List.of("4-8 A class"), outline(chunks));
    assertFalse(chunks.getFirst().content().startsWith("\n"));
  }

  private static List<String> outline(List<Chunk> chunks) {
    return chunks.stream()
        .map(c -> c.startLine() + "-" + c.endLine() + " " + c.symbol() + " " + c.kind())
        .collect(Collectors.toList());
  }
}
