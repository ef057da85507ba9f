package dev.codebasemcp.index;

import static dev.codebasemcp.db.jooq.workspace.Tables.CHUNK_EMBEDDINGS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_CHUNKS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_FILES;
import static dev.codebasemcp.db.jooq.workspace.Tables.REPOSITORIES;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.selectOne;

import dev.codebasemcp.db.jooq.workspace.tables.records.CodeChunksRecord;
import dev.codebasemcp.db.jooq.workspace.tables.records.CodeFilesRecord;
import dev.codebasemcp.index.chunk.Chunk;
import dev.codebasemcp.workspace.ProjectId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;

/**
 * Reads and writes one workspace's index: repositories, files, chunks and chunk embeddings. Each
 * write method is one transaction, so search never sees a half-written file and replacing a file's
 * chunks is atomic. Thread-safe (it holds only the workspace's jOOQ context); writers of one
 * repository are expected to be one at a time.
 */
public final class IndexStore {
  /** Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters. */
  private static final int INSERT_ROWS = 1_000;

  private static final List<Field<?>> CHUNK_COLUMNS =
      List.of(
          CODE_CHUNKS.PROJECT_ID,
          CODE_CHUNKS.REPOSITORY_ID,
          CODE_CHUNKS.FILE_ID,
          CODE_CHUNKS.CHUNK_INDEX,
          CODE_CHUNKS.START_LINE,
          CODE_CHUNKS.END_LINE,
          CODE_CHUNKS.LANGUAGE,
          CODE_CHUNKS.SYMBOL_NAME,
          CODE_CHUNKS.SYMBOL_KIND,
          CODE_CHUNKS.CONTENT,
          CODE_CHUNKS.CONTENT_HASH,
          CODE_CHUNKS.SEARCH_TEXT);

  private final DSLContext dsl;
  private final ProjectId project;

  /**
   * @param dsl a context mapped onto the workspace's schema ({@code Workspaces.dsl})
   * @param project the workspace's id, written on every row
   */
  public IndexStore(DSLContext dsl, ProjectId project) {
    this.dsl = dsl;
    this.project = project;
  }

  /** What the index holds of a file, for the change gates. */
  public record FileState(
      long id, long sizeBytes, Instant modifiedAt, byte[] contentHash, Instant indexedAt) {}

  /** A file whose content is new or changed, with its chunks. */
  public record FileChange(
      String relativePath,
      String language,
      long sizeBytes,
      Instant modifiedAt,
      int lineCount,
      byte[] contentHash,
      List<StoredChunk> chunks) {}

  /**
   * A chunk ready to store: with the SHA-256 of its text and its keyword text, computed where the
   * file was chunked (on the chunking threads, not the one writer).
   */
  public record StoredChunk(Chunk chunk, byte[] contentHash, String searchText) {
    public static StoredChunk of(String relativePath, Chunk chunk) {
      return new StoredChunk(
          chunk,
          ContentHash.of(chunk.content()),
          SearchText.of(relativePath, chunk.symbol(), chunk.content()));
    }
  }

  /** A file whose modification time changed but whose content did not. */
  public record Touch(long fileId, long sizeBytes, Instant modifiedAt) {}

  /** A chunk without a vector yet. */
  public record PendingChunk(long id, byte[] contentHash, String content) {}

  /** The id of the repository at {@code rootPath}, recording it on first sight. */
  public long ensureRepository(String rootPath) {
    return dsl.insertInto(REPOSITORIES)
        .set(REPOSITORIES.PROJECT_ID, project.value())
        .set(REPOSITORIES.ROOT_PATH, rootPath)
        .onConflict(REPOSITORIES.ROOT_PATH)
        .doUpdate()
        .set(REPOSITORIES.ROOT_PATH, excluded(REPOSITORIES.ROOT_PATH))
        .returning(REPOSITORIES.ID)
        .fetchSingle()
        .getId();
  }

  /** Refreshes PostgreSQL's statistics of the chunks (word frequencies included). */
  public void analyze() {
    dsl.query("analyze {0}", CODE_CHUNKS).execute();
  }

  /** Every indexed file of a repository, by relative path. */
  public Map<String, FileState> fileStates(long repositoryId) {
    Map<String, FileState> states = new HashMap<>();
    dsl.select(
            CODE_FILES.ID,
            CODE_FILES.RELATIVE_PATH,
            CODE_FILES.SIZE_BYTES,
            CODE_FILES.MODIFIED_AT,
            CODE_FILES.CONTENT_HASH,
            CODE_FILES.INDEXED_AT)
        .from(CODE_FILES)
        .where(CODE_FILES.REPOSITORY_ID.eq(repositoryId))
        .forEach(
            r ->
                states.put(
                    r.value2(),
                    new FileState(
                        r.value1(),
                        r.value3(),
                        r.value4().toInstant(),
                        r.value5(),
                        r.value6().toInstant())));
    return states;
  }

  /**
   * Writes new and changed files with their chunks, replacing each changed file's old chunks, and
   * records touched files' new modification times, all in one transaction.
   *
   * @return the number of chunks written
   */
  public int apply(long repositoryId, List<FileChange> changes, List<Touch> touches) {
    return dsl.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          for (Touch touch : touches) {
            t.update(CODE_FILES)
                .set(CODE_FILES.MODIFIED_AT, timestamp(touch.modifiedAt()))
                .set(CODE_FILES.SIZE_BYTES, touch.sizeBytes())
                .where(CODE_FILES.ID.eq(touch.fileId()))
                .execute();
          }
          if (changes.isEmpty()) {
            return 0;
          }
          Map<String, Long> ids = upsertFiles(t, repositoryId, changes);
          t.deleteFrom(CODE_CHUNKS).where(CODE_CHUNKS.FILE_ID.in(ids.values())).execute();
          return insertChunks(t, repositoryId, changes, ids);
        });
  }

  private Map<String, Long> upsertFiles(DSLContext t, long repositoryId, List<FileChange> changes) {
    InsertValuesStepN<CodeFilesRecord> insert =
        t.insertInto(
            CODE_FILES,
            List.of(
                CODE_FILES.PROJECT_ID,
                CODE_FILES.REPOSITORY_ID,
                CODE_FILES.RELATIVE_PATH,
                CODE_FILES.LANGUAGE,
                CODE_FILES.SIZE_BYTES,
                CODE_FILES.LINE_COUNT,
                CODE_FILES.CONTENT_HASH,
                CODE_FILES.MODIFIED_AT));
    for (FileChange c : changes) {
      insert =
          insert.values(
              project.value(),
              repositoryId,
              c.relativePath(),
              c.language(),
              c.sizeBytes(),
              c.lineCount(),
              c.contentHash(),
              timestamp(c.modifiedAt()));
    }
    Result<Record2<Long, String>> rows =
        insert
            .onConflict(CODE_FILES.REPOSITORY_ID, CODE_FILES.RELATIVE_PATH)
            .doUpdate()
            .set(CODE_FILES.LANGUAGE, excluded(CODE_FILES.LANGUAGE))
            .set(CODE_FILES.SIZE_BYTES, excluded(CODE_FILES.SIZE_BYTES))
            .set(CODE_FILES.LINE_COUNT, excluded(CODE_FILES.LINE_COUNT))
            .set(CODE_FILES.CONTENT_HASH, excluded(CODE_FILES.CONTENT_HASH))
            .set(CODE_FILES.MODIFIED_AT, excluded(CODE_FILES.MODIFIED_AT))
            .set(CODE_FILES.INDEXED_AT, currentOffsetDateTime())
            .returningResult(CODE_FILES.ID, CODE_FILES.RELATIVE_PATH)
            .fetch();
    Map<String, Long> ids = new HashMap<>();
    rows.forEach(r -> ids.put(r.value2(), r.value1()));
    return ids;
  }

  private int insertChunks(
      DSLContext t, long repositoryId, List<FileChange> changes, Map<String, Long> ids) {
    List<Object[]> rows = new ArrayList<>();
    for (FileChange c : changes) {
      long fileId = ids.get(c.relativePath());
      for (StoredChunk stored : c.chunks()) {
        Chunk chunk = stored.chunk();
        rows.add(
            new Object[] {
              project.value(),
              repositoryId,
              fileId,
              chunk.index(),
              chunk.startLine(),
              chunk.endLine(),
              chunk.language(),
              chunk.symbol(),
              chunk.kind(),
              chunk.content(),
              stored.contentHash(),
              stored.searchText()
            });
      }
    }
    for (int from = 0; from < rows.size(); from += INSERT_ROWS) {
      InsertValuesStepN<CodeChunksRecord> insert = t.insertInto(CODE_CHUNKS, CHUNK_COLUMNS);
      for (Object[] row : rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS))) {
        insert = insert.values(row);
      }
      insert.execute();
    }
    return rows.size();
  }

  /** Removes files (and, by cascade, their chunks) that are gone from disk, in one transaction. */
  public void deleteFiles(List<Long> fileIds) {
    if (!fileIds.isEmpty()) {
      dsl.deleteFrom(CODE_FILES).where(CODE_FILES.ID.in(fileIds)).execute();
    }
  }

  /** Records that a run over the repository finished. */
  public void markIndexed(long repositoryId) {
    dsl.update(REPOSITORIES)
        .set(REPOSITORIES.LAST_INDEXED_AT, currentOffsetDateTime())
        .where(REPOSITORIES.ID.eq(repositoryId))
        .execute();
  }

  /**
   * Chunks after {@code afterId} (in id order) whose text has no vector yet, at most {@code limit}.
   * Walking by id keeps each call cheap however far the embedding phase has got.
   */
  public List<PendingChunk> pendingEmbeddings(long afterId, int limit) {
    return dsl.select(CODE_CHUNKS.ID, CODE_CHUNKS.CONTENT_HASH, CODE_CHUNKS.CONTENT)
        .from(CODE_CHUNKS)
        .where(CODE_CHUNKS.ID.gt(afterId))
        .andNotExists(
            selectOne()
                .from(CHUNK_EMBEDDINGS)
                .where(CHUNK_EMBEDDINGS.CONTENT_HASH.eq(CODE_CHUNKS.CONTENT_HASH)))
        .orderBy(CODE_CHUNKS.ID)
        .limit(limit)
        .fetch(r -> new PendingChunk(r.value1(), r.value2(), r.value3()));
  }

  /** Stores vectors by content hash; a hash stored meanwhile by another writer is left as it is. */
  public void storeEmbeddings(List<byte[]> contentHashes, List<float[]> vectors) {
    if (contentHashes.isEmpty()) {
      return;
    }
    var insert =
        dsl.insertInto(
            CHUNK_EMBEDDINGS,
            CHUNK_EMBEDDINGS.CONTENT_HASH,
            CHUNK_EMBEDDINGS.PROJECT_ID,
            CHUNK_EMBEDDINGS.EMBEDDING);
    for (int i = 0; i < contentHashes.size(); i++) {
      insert = insert.values(contentHashes.get(i), project.value(), vectors.get(i));
    }
    insert.onConflictDoNothing().execute();
  }

  /** Deletes vectors no chunk uses any more (after files changed or went away). */
  public int deleteUnusedEmbeddings() {
    return dsl.deleteFrom(CHUNK_EMBEDDINGS)
        .whereNotExists(
            selectOne()
                .from(CODE_CHUNKS)
                .where(CODE_CHUNKS.CONTENT_HASH.eq(CHUNK_EMBEDDINGS.CONTENT_HASH)))
        .execute();
  }

  /**
   * Chunk counts of a repository (or the whole workspace when null): all, and those with a vector.
   */
  public record Counts(int files, int chunks, int embeddedChunks, int distinctTexts) {}

  public Counts counts(Long repositoryId) {
    var repo = repositoryId == null ? noCondition() : CODE_CHUNKS.REPOSITORY_ID.eq(repositoryId);
    Record chunks =
        dsl.select(
                count(),
                count(CHUNK_EMBEDDINGS.CONTENT_HASH),
                countDistinct(CODE_CHUNKS.CONTENT_HASH))
            .from(CODE_CHUNKS)
            .leftJoin(CHUNK_EMBEDDINGS)
            .on(CHUNK_EMBEDDINGS.CONTENT_HASH.eq(CODE_CHUNKS.CONTENT_HASH))
            .where(repo)
            .fetchSingle();
    int files =
        dsl.fetchCount(
            CODE_FILES,
            repositoryId == null ? noCondition() : CODE_FILES.REPOSITORY_ID.eq(repositoryId));
    return new Counts(
        files,
        chunks.get(0, Integer.class),
        chunks.get(1, Integer.class),
        chunks.get(2, Integer.class));
  }

  /** PostgreSQL keeps microseconds: store and compare modification times at that precision. */
  static OffsetDateTime timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /** Whether a stored time and a time on disk are the same, at the stored precision. */
  static boolean sameTime(Instant stored, Instant onDisk) {
    return stored.equals(onDisk.truncatedTo(ChronoUnit.MICROS));
  }
}
