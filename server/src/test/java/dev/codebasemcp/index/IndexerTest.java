package dev.codebasemcp.index;

import static dev.codebasemcp.EngineFixture.write;
import static dev.codebasemcp.db.jooq.workspace.Tables.CHUNK_EMBEDDINGS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_CHUNKS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_FILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.Engine;
import dev.codebasemcp.EngineFixture;
import dev.codebasemcp.index.scan.SkipReason;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.workspace.ProjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The indexing pipeline end to end: real files, the real model, the real database. */
@Timeout(300)
class IndexerTest {
  static final ProjectId PROJECT = ProjectId.of("indexer-test");

  @TempDir Path repo;
  EngineFixture fixture;
  Engine engine;

  @BeforeEach
  void setUp() throws Exception {
    fixture = EngineFixture.create();
    engine = fixture.engine();
    Fixtures.repository(repo);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  IndexProgress index() {
    return engine.index(PROJECT, repo, false, IndexListener.NONE, () -> false);
  }

  DSLContext dsl() {
    return engine.workspaces().dsl(engine.workspace(PROJECT));
  }

  @Test
  void twoRunsOfOneRepositoryAtOnceTakeTurns() throws Exception {
    engine.workspace(PROJECT);
    CountDownLatch firstHasLock = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var first =
          pool.submit(
              () ->
                  engine.index(
                      PROJECT,
                      repo,
                      true,
                      p -> {
                        firstHasLock.countDown();
                        awaitQuietly(release);
                      },
                      () -> false));
      firstHasLock.await();
      AtomicBoolean secondStarted = new AtomicBoolean();
      var second =
          pool.submit(
              () -> engine.index(PROJECT, repo, false, p -> secondStarted.set(true), () -> false));
      Thread.sleep(1500);
      assertFalse(secondStarted.get(), "the second run waits while the first holds the lock");
      release.countDown();
      assertEquals(IndexPhase.DONE, first.get().phase());
      IndexProgress after = second.get();
      assertEquals(IndexPhase.DONE, after.phase());
      assertEquals(0, after.filesIndexed(), "the second run finds everything indexed");
    }
    // A run waiting for the lock stops when it is cancelled.
    RepositoryLock held =
        RepositoryLock.acquire(
            fixture.engine().database().migrationDataSource(),
            engine.workspace(PROJECT).schemaName(),
            repo,
            () -> false,
            () -> {});
    try {
      assertThrows(
          IndexCancelledException.class,
          () -> engine.index(PROJECT, repo, false, IndexListener.NONE, () -> true));
    } finally {
      held.close();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void indexesEveryFileAndSaysWhyOthersAreSkipped() {
    IndexProgress p = index();

    assertEquals(IndexPhase.DONE, p.phase());
    assertEquals(5, p.filesIndexed(), "java, python, javascript, markdown and .gitignore");
    assertEquals(
        Map.of(SkipReason.IGNORED, 3, SkipReason.BINARY, 1, SkipReason.UNDECODABLE, 1),
        p.skippedByReason(),
        "generated/, debug.log and node_modules/ ignored; image.dat binary; latin1.txt undecodable");
    assertTrue(p.chunksCreated() >= 4, "chunks: " + p.chunksCreated());
    assertEquals(p.chunksToEmbed(), p.chunksEmbedded());
    assertEquals(
        dsl().fetchCount(CODE_CHUNKS),
        dsl()
            .fetchCount(
                CODE_CHUNKS
                    .join(CHUNK_EMBEDDINGS)
                    .on(CHUNK_EMBEDDINGS.CONTENT_HASH.eq(CODE_CHUNKS.CONTENT_HASH))),
        "every chunk has a vector");
    List<String> symbols =
        dsl().select(CODE_CHUNKS.SYMBOL_NAME).from(CODE_CHUNKS).fetch(CODE_CHUNKS.SYMBOL_NAME);
    // A small class is one chunk named by the class; a top-level function by its name.
    assertTrue(symbols.contains("StringUtils"), symbols.toString());
    assertTrue(symbols.contains("fetchJson"), symbols.toString());
  }

  @Test
  void keywordSearchWorksBeforeVectorsArrive() {
    List<SearchResult> duringEmbedding = new ArrayList<>();
    engine.index(
        PROJECT,
        repo,
        false,
        p -> {
          if (p.phase() == IndexPhase.EMBEDDING && duringEmbedding.isEmpty()) {
            duringEmbedding.add(engine.search(PROJECT, SearchRequest.of("parse iso date")));
          }
        },
        () -> false);

    SearchResult early = duringEmbedding.get(0);
    assertFalse(early.vectorSearch(), "no vectors yet when the embedding phase starts");
    assertEquals("scripts/dates.py", early.hits().get(0).filePath());
    SearchResult after = engine.search(PROJECT, SearchRequest.of("parse iso date"));
    assertTrue(after.vectorSearch());
    assertEquals("scripts/dates.py", after.hits().get(0).filePath());
  }

  @Test
  void reindexingAnUnchangedRepositoryDoesNothing() {
    index();
    IndexProgress again = index();
    assertEquals(0, again.filesIndexed());
    assertEquals(5, again.filesUnchanged());
    assertEquals(0, again.chunksCreated());
    assertEquals(0, again.chunksEmbedded());
  }

  @Test
  void aTouchedFileIsCheckedByHashAndNotRechunked() throws Exception {
    index();
    Path file = repo.resolve("web/http.js");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    IndexProgress again = index();
    assertEquals(0, again.filesIndexed());
    assertEquals(5, again.filesUnchanged());
    IndexProgress third = index();
    assertEquals(
        5, third.filesUnchanged(), "the new mtime was recorded: the cheap gate holds again");
  }

  @Test
  void anEditedFileReembedsOnlyItsChangedChunks() throws Exception {
    index();
    int before = dsl().fetchCount(CHUNK_EMBEDDINGS);
    write(
        repo,
        "src/main/java/demo/text/StringUtils.java",
        Fixtures.STRING_UTILS.replace(
            "return new StringBuilder(s).reverse().toString();",
            "return s == null ? null : new StringBuilder(s).reverse().toString();"));

    IndexProgress edit = index();

    assertEquals(1, edit.filesIndexed());
    assertTrue(edit.chunksEmbedded() >= 1, "the changed chunk is embedded");
    assertTrue(
        edit.chunksEmbedded() < edit.chunksCreated() || edit.chunksCreated() == 1, edit.toString());
    assertEquals(
        before,
        dsl().fetchCount(CHUNK_EMBEDDINGS),
        "the old text's vector was dropped for the new one");
  }

  @Test
  void anAddedFileIsIndexedAndTheRestLeftAlone() throws Exception {
    index();
    write(repo, "web/retry.js", "export function retry(fn, times) {\n  return fn();\n}\n");
    IndexProgress again = index();
    assertEquals(1, again.filesIndexed());
    assertEquals(5, again.filesUnchanged());
    assertTrue(again.chunksEmbedded() >= 1);
    assertEquals(
        "web/retry.js", engine.search(PROJECT, SearchRequest.of("retry")).hits().get(0).filePath());
  }

  @Test
  void aDeletedFileLeavesTheIndex() throws Exception {
    index();
    Files.delete(repo.resolve("web/http.js"));
    IndexProgress again = index();
    assertEquals(1, again.filesDeleted());
    assertEquals(0, dsl().fetchCount(CODE_FILES, CODE_FILES.RELATIVE_PATH.eq("web/http.js")));
    assertTrue(
        engine.search(PROJECT, SearchRequest.of("fetchJson")).hits().stream()
            .noneMatch(h -> h.filePath().equals("web/http.js")));
  }

  @Test
  void aRenamedFileReusesItsVectors() throws Exception {
    index();
    Files.move(repo.resolve("web/http.js"), repo.resolve("web/client.js"));
    IndexProgress again = index();
    assertEquals(1, again.filesIndexed());
    assertEquals(1, again.filesDeleted());
    assertEquals(0, again.chunksEmbedded(), "same text, same vectors");
    assertEquals(1, dsl().fetchCount(CODE_FILES, CODE_FILES.RELATIVE_PATH.eq("web/client.js")));
  }

  @Test
  void identicalTextIsEmbeddedOnce() throws Exception {
    write(repo, "copy/dates.py", Fixtures.DATES);
    IndexProgress p = index();
    int chunks = dsl().fetchCount(CODE_CHUNKS);
    int distinct =
        dsl().fetchCount(dsl().selectDistinct(CODE_CHUNKS.CONTENT_HASH).from(CODE_CHUNKS));
    assertTrue(distinct < chunks, "the copy adds chunks but no new texts");
    assertEquals(distinct, dsl().fetchCount(CHUNK_EMBEDDINGS));
    assertEquals(chunks, p.chunksToEmbed());
  }

  @Test
  void forceRechunksButKeepsVectors() {
    index();
    IndexProgress forced = engine.index(PROJECT, repo, true, IndexListener.NONE, () -> false);
    assertEquals(5, forced.filesIndexed());
    assertEquals(0, forced.chunksEmbedded());
  }

  @Test
  void aCancelledRunLeavesWholeFiles() throws Exception {
    for (int i = 0; i < 300; i++) {
      write(
          repo,
          "many/File" + i + ".java",
          "class File" + i + " { int value() { return " + i + "; } }\n");
    }
    // Cancel once the first transaction of files is committed.
    IndexProgress[] last = {null};
    assertThrows(
        IndexCancelledException.class,
        () ->
            engine.index(
                PROJECT,
                repo,
                false,
                p -> last[0] = p,
                () -> last[0] != null && last[0].filesIndexed() > 0));
    // Every stored file has all its chunks: no file is half written.
    var files = dsl().select(CODE_FILES.ID).from(CODE_FILES).fetch(CODE_FILES.ID);
    for (long id : files) {
      assertTrue(dsl().fetchCount(CODE_CHUNKS, CODE_CHUNKS.FILE_ID.eq(id)) > 0, "file " + id);
    }
    IndexProgress resumed = index();
    assertEquals(305 - files.size(), resumed.filesIndexed(), "the next run does the rest");
  }

  @Test
  void aMissingRepositoryIsAClearError() {
    IndexException e =
        assertThrows(
            IndexException.class,
            () ->
                engine.index(
                    PROJECT, repo.resolve("nope"), false, IndexListener.NONE, () -> false));
    assertTrue(e.getMessage().contains("does not exist or is not a directory"), e.getMessage());
  }
}
