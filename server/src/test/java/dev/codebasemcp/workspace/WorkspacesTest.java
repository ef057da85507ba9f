package dev.codebasemcp.workspace;

import static dev.codebasemcp.db.jooq.workspace.Tables.CHUNK_EMBEDDINGS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_CHUNKS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_FILES;
import static dev.codebasemcp.db.jooq.workspace.Tables.REPOSITORIES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WorkspacesTest {
  TestPostgres.Scratch scratch;
  Workspaces workspaces;

  @BeforeEach
  void migrate() {
    scratch = TestPostgres.migrated();
    workspaces = new Workspaces(scratch.db());
  }

  @AfterEach
  void drop() {
    scratch.close();
  }

  @Test
  void creatingIsIdempotent() {
    Workspaces.Created first = workspaces.create(ProjectId.of("idem"), "model-a", 8);
    Workspaces.Created second = workspaces.create(ProjectId.of("idem"), "model-a", 8);
    assertTrue(first.created());
    assertFalse(second.created());
    assertEquals(first.workspace(), second.workspace());
    assertEquals("workspace_idem", second.workspace().schemaName());
    assertEquals(List.of(first.workspace()), workspaces.list());
  }

  @Test
  void aWorkspaceKeepsTheModelItWasCreatedWith() {
    workspaces.create(ProjectId.of("fixed"), "model-a", 8);
    WorkspaceException e =
        assertThrows(
            WorkspaceException.class,
            () -> workspaces.create(ProjectId.of("fixed"), "model-b", 16));
    assertTrue(
        e.getMessage().contains("created with embedding model model-a (8 dimensions)"),
        e.getMessage());
  }

  @Test
  void anUnknownWorkspaceNamesHowToCreateIt() {
    WorkspaceException e =
        assertThrows(WorkspaceException.class, () -> workspaces.require(ProjectId.of("nowhere")));
    assertTrue(e.getMessage().contains("create_workspace"), e.getMessage());
  }

  @Test
  @Timeout(60)
  void concurrentCreationsOfOneWorkspaceAgree() throws Exception {
    List<Future<Workspaces.Created>> results = new ArrayList<>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      // More creators than the pool (4) has connections: migrations must not starve it.
      for (int i = 0; i < 8; i++) {
        Callable<Workspaces.Created> create = () -> workspaces.create(ProjectId.of("race"), "m", 8);
        results.add(executor.submit(create));
      }
    }
    int created = 0;
    for (Future<Workspaces.Created> result : results) {
      created += result.get().created() ? 1 : 0;
    }
    assertEquals(1, created);
  }

  @Test
  void generatedClassesMapOntoEachWorkspaceSchema() throws Exception {
    Workspace a = workspaces.create(ProjectId.of("map-a"), "m", 3).workspace();
    Workspace b = workspaces.create(ProjectId.of("map-b"), "m", 3).workspace();

    insertChunk(workspaces.dsl(a), "map-a", new float[] {1f, 0f, 0f}, "reverse a string");
    insertChunk(workspaces.dsl(a), "map-a", new float[] {0f, 1f, 0f}, "parse a date");
    insertChunk(workspaces.dsl(b), "map-b", new float[] {0f, 0f, 1f}, "only in b");

    String sql = workspaces.dsl(a).selectFrom(CODE_CHUNKS).getSQL();
    assertTrue(sql.contains("\"workspace_map_a\".\"code_chunks\""), sql);
    assertEquals(2, workspaces.dsl(a).fetchCount(CODE_CHUNKS));
    assertEquals(1, workspaces.dsl(b).fetchCount(CODE_CHUNKS));

    // The vector binding round-trips float[] and orders by cosine distance with <=>.
    DSLContext dsl = workspaces.dsl(a);
    float[] query = {0.9f, 0.1f, 0f};
    List<String> ranked =
        dsl.select(CODE_CHUNKS.CONTENT)
            .from(CODE_CHUNKS)
            .join(CHUNK_EMBEDDINGS)
            .on(CHUNK_EMBEDDINGS.CONTENT_HASH.eq(CODE_CHUNKS.CONTENT_HASH))
            .orderBy(
                DSL.field(
                    "{0} <=> {1}",
                    Double.class,
                    CHUNK_EMBEDDINGS.EMBEDDING,
                    DSL.val(query, CHUNK_EMBEDDINGS.EMBEDDING)))
            .fetch(CODE_CHUNKS.CONTENT);
    assertEquals(List.of("reverse a string", "parse a date"), ranked);
    assertArrayEquals(
        new float[] {1f, 0f, 0f},
        dsl.select(CHUNK_EMBEDDINGS.EMBEDDING)
            .from(CHUNK_EMBEDDINGS)
            .join(CODE_CHUNKS)
            .on(CODE_CHUNKS.CONTENT_HASH.eq(CHUNK_EMBEDDINGS.CONTENT_HASH))
            .where(CODE_CHUNKS.CONTENT.eq("reverse a string"))
            .fetchSingle()
            .value1());
  }

  private static void insertChunk(DSLContext dsl, String project, float[] embedding, String content)
      throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes());
    long repo =
        dsl.insertInto(REPOSITORIES)
            .set(REPOSITORIES.PROJECT_ID, project)
            .set(REPOSITORIES.ROOT_PATH, "/repo/" + project)
            .onConflict(REPOSITORIES.ROOT_PATH)
            .doUpdate()
            .set(REPOSITORIES.PROJECT_ID, project)
            .returning(REPOSITORIES.ID)
            .fetchSingle()
            .getId();
    long file =
        dsl.insertInto(CODE_FILES)
            .set(CODE_FILES.PROJECT_ID, project)
            .set(CODE_FILES.REPOSITORY_ID, repo)
            .set(CODE_FILES.RELATIVE_PATH, content.replace(' ', '_') + ".java")
            .set(CODE_FILES.SIZE_BYTES, (long) content.length())
            .set(CODE_FILES.LINE_COUNT, 1)
            .set(CODE_FILES.CONTENT_HASH, hash)
            .set(CODE_FILES.MODIFIED_AT, OffsetDateTime.now())
            .returning(CODE_FILES.ID)
            .fetchSingle()
            .getId();
    dsl.insertInto(CODE_CHUNKS)
        .set(CODE_CHUNKS.PROJECT_ID, project)
        .set(CODE_CHUNKS.REPOSITORY_ID, repo)
        .set(CODE_CHUNKS.FILE_ID, file)
        .set(CODE_CHUNKS.CHUNK_INDEX, 0)
        .set(CODE_CHUNKS.START_LINE, 1)
        .set(CODE_CHUNKS.END_LINE, 1)
        .set(CODE_CHUNKS.CONTENT, content)
        .set(CODE_CHUNKS.CONTENT_HASH, hash)
        .execute();
    dsl.insertInto(CHUNK_EMBEDDINGS)
        .set(CHUNK_EMBEDDINGS.CONTENT_HASH, hash)
        .set(CHUNK_EMBEDDINGS.PROJECT_ID, project)
        .set(CHUNK_EMBEDDINGS.EMBEDDING, embedding)
        .execute();
  }
}
