package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.workspace.InvalidProjectIdException;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspaces;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project id rule holds in both layers: the application's validator and the database's CHECK
 * constraints, in the registry, the job table and every workspace table.
 */
class ProjectIdDatabaseRuleTest {
  static TestPostgres.Scratch scratch;
  static String sample;

  static List<String> valid() {
    return List.of("default", "my-project", "project-123", "a", "test-2025-q1", "b".repeat(50));
  }

  static List<String> invalid() {
    return List.of(
        "My-Project",
        "my_project",
        "my project",
        "-project",
        "project-",
        "my--project",
        "",
        "c".repeat(51),
        "'; DROP TABLE--",
        "../../../etc");
  }

  /** check_violation, or string_data_right_truncation for the 51-character id. */
  static final Set<String> REJECTED = Set.of("23514", "22001");

  @BeforeAll
  static void migrate() {
    scratch = TestPostgres.migrated();
    sample =
        new Workspaces(scratch.db())
            .create(ProjectId.of("rule-test"), "m", 3)
            .workspace()
            .schemaName();
  }

  @AfterAll
  static void drop() {
    scratch.close();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void bothLayersRejectInvalidIds(String id) {
    assertThrows(InvalidProjectIdException.class, () -> ProjectId.of(id));
    for (String table :
        List.of(
            "workspace_config",
            "indexing_jobs",
            "repositories",
            "code_files",
            "chunk_embeddings")) {
      DataAccessException e =
          assertThrows(DataAccessException.class, () -> insert(table, id), table);
      assertTrue(
          REJECTED.contains(e.sqlState()), table + ": " + e.sqlState() + " " + e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("valid")
  void bothLayersAcceptValidIds(String id) {
    assertDoesNotThrow(() -> ProjectId.of(id));
    for (String table :
        List.of(
            "workspace_config",
            "indexing_jobs",
            "repositories",
            "code_files",
            "chunk_embeddings")) {
      assertDoesNotThrow(() -> insert(table, id), table);
    }
  }

  /** Inserts a row carrying {@code id} into {@code table}, in a transaction that is rolled back. */
  private static void insert(String table, String id) {
    try {
      insertAndRollBack(table, id);
    } catch (RolledBack expected) {
      // the row went in, and out again
    }
  }

  private static void insertAndRollBack(String table, String id) {
    DSLContext dsl = scratch.db().dsl();
    dsl.transaction(
        tx -> {
          DSLContext t = tx.dsl();
          switch (table) {
            case "workspace_config" ->
                t.execute(
                    "insert into project_registry.workspace_config (project_id, schema_name, embedding_model, embedding_dim)"
                        + " values (?, 'workspace_' || replace(?, '-', '_'), 'm', 3)",
                    id,
                    id);
            case "indexing_jobs" ->
                t.execute(
                    "insert into project_registry.indexing_jobs (repo_path, project_id) values ('/r', ?)",
                    id);
            case "repositories" ->
                t.execute(
                    "insert into "
                        + sample
                        + ".repositories (project_id, root_path) values (?, '/r')",
                    id);
            case "code_files" -> {
              Object repo =
                  t.fetchValue(
                      "insert into "
                          + sample
                          + ".repositories (project_id, root_path) values ('rule-test', '/r') returning id");
              t.execute(
                  "insert into "
                      + sample
                      + ".code_files (project_id, repository_id, relative_path, size_bytes,"
                      + " line_count, content_hash, modified_at) values (?, ?, 'a.java', 1, 1, sha256('x'), now())",
                  id,
                  repo);
            }
            case "chunk_embeddings" ->
                t.execute(
                    "insert into "
                        + sample
                        + ".chunk_embeddings (content_hash, project_id, embedding) values (sha256('x'), ?, '[1,2,3]')",
                    id);
            default -> throw new IllegalArgumentException(table);
          }
          throw new RolledBack();
        });
  }

  /** Ends the test transaction without keeping its row. */
  static final class RolledBack extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
