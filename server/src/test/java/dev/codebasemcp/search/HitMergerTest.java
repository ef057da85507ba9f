package dev.codebasemcp.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.search.HybridSearch.Candidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HitMergerTest {
  @TempDir Path repo;

  static Candidate chunk(long file, String path, int start, int end, double score) {
    String content =
        IntStream.rangeClosed(start, end)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n"));
    return new Candidate(
        file,
        path,
        "/nowhere",
        OffsetDateTime.now(),
        0,
        "java",
        "S" + start,
        "method",
        start,
        end,
        content,
        score);
  }

  @Test
  void adjacentAndOverlappingChunksOfOneFileBecomeOneHit() {
    List<SearchHit> hits =
        HitMerger.merge(
            List.of(
                chunk(1, "A.java", 10, 20, 0.5),
                chunk(1, "A.java", 50, 60, 0.4),
                chunk(1, "A.java", 21, 30, 0.3),
                chunk(1, "A.java", 25, 35, 0.25),
                chunk(2, "B.java", 1, 5, 0.2)),
            2,
            10_000);

    assertEquals(2, hits.size(), "the limit counts hits, after merging");
    SearchHit first = hits.get(0);
    assertEquals(10, first.startLine());
    assertEquals(35, first.endLine());
    assertEquals("S10", first.symbol(), "named by its best chunk");
    assertEquals(0.5, first.score());
    List<String> lines = List.of(first.content().split("\n"));
    assertEquals(26, lines.size(), "lines 10-35, none repeated: " + lines);
    assertEquals("line 10", lines.get(0));
    assertEquals("line 35", lines.get(25));
    assertEquals(50, hits.get(1).startLine());
    assertTrue(hits.get(0).stale(), "a file that is not on disk is stale");
  }

  @Test
  void chunksSeparatedByBlankLinesMergeWhenTheFileIsUnchanged() throws Exception {
    Path file = repo.resolve("C.java");
    String text = "a\nb\n\n\nc\nd\n";
    Files.writeString(file, text);
    var time =
        Files.getLastModifiedTime(file)
            .toInstant()
            .truncatedTo(java.time.temporal.ChronoUnit.MICROS)
            .atOffset(java.time.ZoneOffset.UTC);
    long size = Files.size(file);
    Candidate top =
        new Candidate(
            3, "C.java", repo.toString(), time, size, "java", null, null, 1, 2, "a\nb", 0.9);
    Candidate next =
        new Candidate(
            3, "C.java", repo.toString(), time, size, "java", null, null, 5, 6, "c\nd", 0.8);

    List<SearchHit> hits = HitMerger.merge(List.of(top, next), 5, 10_000);

    assertEquals(1, hits.size());
    assertEquals("a\nb\n\n\nc\nd", hits.get(0).content());
    assertEquals(false, hits.get(0).stale());
  }

  @Test
  void contentIsCapped() {
    List<SearchHit> hits = HitMerger.merge(List.of(chunk(1, "A.java", 1, 1000, 1)), 1, 100);
    assertTrue(hits.get(0).content().endsWith("... (truncated)"));
    assertTrue(hits.get(0).content().length() < 200);
  }
}
