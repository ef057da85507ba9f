package dev.codebasemcp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codebasemcp.index.IndexPhase;
import dev.codebasemcp.index.IndexProgress;
import dev.codebasemcp.index.scan.SkipReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMessagesTest {
  @Test
  void aCompletedRunSaysWhatItDidWithSingularsWhereTheyBelong() {
    IndexProgress p =
        progress(IndexPhase.DONE, 3, 1, 2, 0, 1, Map.of(SkipReason.TOO_LARGE, 1), 1, 1, 0);
    assertEquals(
        "Indexed 3 files, 1 skipped (1 too large): 1 new or changed, 2 unchanged, 0 removed;"
            + " 1 chunk written, 1 embedded",
        JobMessages.completed(p));
  }

  @Test
  void vectorsGivenToChunksOfEarlierRunsAreCountedAsSuch() {
    IndexProgress p = progress(IndexPhase.DONE, 80, 5, 75, 0, 0, Map.of(), 75, 27_978, 0);
    assertEquals(
        "Indexed 80 files: 5 new or changed, 75 unchanged, 0 removed; 75 chunks written, 27,978"
            + " embedded (27,903 of them left without a vector by earlier or concurrent runs)",
        JobMessages.completed(p));
  }

  @Test
  void anUnchangedRepositoryIsUpToDate() {
    IndexProgress p = progress(IndexPhase.DONE, 1, 0, 1, 0, 0, Map.of(), 0, 0, 0);
    assertEquals("Up to date: no changes since the last index (1 file)", JobMessages.completed(p));
  }

  @Test
  void perFileErrorsMakeTheResultPartial() {
    IndexProgress p = progress(IndexPhase.DONE, 4, 3, 0, 0, 0, Map.of(), 9, 9, 1);
    assertEquals(
        "Indexed 4 files: 3 new or changed, 0 unchanged, 0 removed; 9 chunks written, 9 embedded."
            + " Partial: 1 file could not be indexed (see errors_sample)",
        JobMessages.completed(p));
  }

  @Test
  void aCancelledRunSaysHowFarItGot() {
    IndexProgress p = progress(IndexPhase.CHUNKING, 2, 2, 0, 0, 0, Map.of(), 40, 0, 0);
    assertEquals(
        "Cancelled by request after 2 of 10 files (40 chunks written, 0 embedded); what was"
            + " written stays searchable",
        JobMessages.cancelled(withFound(p, 10)));
  }

  @Test
  void runningMessagesFollowThePhase() {
    assertEquals(
        "Chunking and storing: 2 of 10 files so far, 1 chunk written",
        JobMessages.running(
            withFound(progress(IndexPhase.CHUNKING, 2, 2, 0, 0, 0, Map.of(), 1, 0, 0), 10)));
    IndexProgress embedding =
        new IndexProgress(
            IndexPhase.EMBEDDING,
            1,
            1,
            1,
            0,
            0,
            0,
            Map.of(),
            1200,
            1204,
            600,
            0,
            List.of(),
            Duration.ZERO);
    assertEquals(
        "Embedding: 600 of 1,204 chunks have vectors (keyword search already works)",
        JobMessages.running(embedding));
  }

  private static IndexProgress progress(
      IndexPhase phase,
      int processed,
      int indexed,
      int unchanged,
      int deleted,
      int skipped,
      Map<SkipReason, Integer> byReason,
      int chunksCreated,
      int chunksEmbedded,
      int errors) {
    return new IndexProgress(
        phase,
        processed,
        processed,
        indexed,
        unchanged,
        deleted,
        skipped,
        byReason,
        chunksCreated,
        chunksEmbedded,
        chunksEmbedded,
        errors,
        errors == 0 ? List.of() : List.of("a.py: unreadable"),
        Duration.ZERO);
  }

  private static IndexProgress withFound(IndexProgress p, int found) {
    return new IndexProgress(
        p.phase(),
        found,
        p.filesProcessed(),
        p.filesIndexed(),
        p.filesUnchanged(),
        p.filesDeleted(),
        p.filesSkipped(),
        p.skippedByReason(),
        p.chunksCreated(),
        p.chunksToEmbed(),
        p.chunksEmbedded(),
        p.errors(),
        p.errorsSample(),
        p.elapsed());
  }
}
