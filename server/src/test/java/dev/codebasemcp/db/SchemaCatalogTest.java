package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspaces;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog of a migrated database holds the registry, the jobs and a workspace as designed. */
class SchemaCatalogTest {
  static TestPostgres.Scratch scratch;
  static Catalog catalog;
  static final String REGISTRY = "project_registry";
  static final String SAMPLE = ProjectId.of("sample-project").schemaName();

  @BeforeAll
  static void migrate() {
    scratch = TestPostgres.migrated();
    new Workspaces(scratch.db()).create(ProjectId.of("sample-project"), "test-model", 384);
    catalog = new Catalog(scratch.db().dsl());
  }

  @AfterAll
  static void drop() {
    scratch.close();
  }

  @Test
  void registryHoldsWorkspaceConfig() {
    Map<String, String> columns = catalog.columns(REGISTRY, "workspace_config");
    assertEquals("character varying(50) not null", columns.get("project_id"));
    assertEquals("character varying(60) not null", columns.get("schema_name"));
    assertEquals("timestamp without time zone not null default now()", columns.get("created_at"));
    assertEquals("jsonb default '{}'::jsonb", columns.get("metadata"));
    assertEquals("character varying(200) not null", columns.get("embedding_model"));
    assertEquals("integer not null", columns.get("embedding_dim"));

    Map<String, String> constraints = catalog.constraints(REGISTRY, "workspace_config");
    assertEquals("PRIMARY KEY (project_id)", constraints.get("workspace_config_pkey"));
    assertTrue(
        constraints.get("ck_workspace_config_project_id").contains("'^[a-z0-9]+(-[a-z0-9]+)*$'"),
        constraints.toString());

    Map<String, String> indexes = catalog.indexes(REGISTRY, "workspace_config");
    assertEquals(
        "CREATE UNIQUE INDEX idx_workspace_schema_unique ON project_registry.workspace_config USING btree (schema_name)",
        indexes.get("idx_workspace_schema_unique"));
    assertEquals(
        "CREATE INDEX idx_workspace_created ON project_registry.workspace_config USING btree (created_at DESC)",
        indexes.get("idx_workspace_created"));
  }

  @Test
  void registryHoldsIndexingJobs() {
    Map<String, String> columns = catalog.columns(REGISTRY, "indexing_jobs");
    assertEquals(
        List.of(
            "id",
            "repo_path",
            "project_id",
            "status",
            "error_message",
            "files_indexed",
            "chunks_created",
            "started_at",
            "completed_at",
            "created_at",
            // The job system (V3):
            "force_reindex",
            "status_message",
            "phase",
            "files_total",
            "files_skipped",
            "skipped_by_reason",
            "chunks_embedded",
            "chunks_to_embed",
            "errors_count",
            "errors_sample",
            "eta_ms",
            "lease_owner",
            "heartbeat_at",
            "attempts",
            "first_started_at",
            "updated_at"),
        List.copyOf(columns.keySet()));
    assertEquals("uuid not null default gen_random_uuid()", columns.get("id"));
    assertEquals("text not null", columns.get("repo_path"));
    assertEquals("character varying(255) not null", columns.get("project_id"));
    assertEquals(
        "character varying(20) not null default 'pending'::character varying",
        columns.get("status"));
    assertEquals("text", columns.get("error_message"));
    assertEquals("integer default 0", columns.get("files_indexed"));
    assertEquals("integer default 0", columns.get("chunks_created"));
    assertEquals("timestamp with time zone", columns.get("started_at"));
    assertEquals("timestamp with time zone", columns.get("completed_at"));
    assertEquals("timestamp with time zone not null default now()", columns.get("created_at"));

    String status = catalog.constraints(REGISTRY, "indexing_jobs").get("ck_indexing_jobs_status");
    for (String state : List.of("pending", "running", "completed", "failed", "cancelled")) {
      assertTrue(status.contains("'" + state + "'"), status);
    }
    assertEquals("jsonb not null default '{}'::jsonb", columns.get("skipped_by_reason"));
    assertEquals("integer not null default 0", columns.get("attempts"));

    Map<String, String> indexes = catalog.indexes(REGISTRY, "indexing_jobs");
    assertEquals(
        "CREATE INDEX idx_active_jobs ON project_registry.indexing_jobs USING btree (project_id, status)"
            + " WHERE ((status)::text = ANY ((ARRAY['pending'::character varying, 'running'::character varying])::text[]))",
        indexes.get("idx_active_jobs"));
    assertEquals(
        "CREATE INDEX idx_created_at ON project_registry.indexing_jobs USING btree (created_at DESC)",
        indexes.get("idx_created_at"));
    assertEquals(
        "CREATE UNIQUE INDEX idx_one_active_job ON project_registry.indexing_jobs USING btree"
            + " (project_id, repo_path) WHERE ((status)::text = ANY ((ARRAY['pending'::character"
            + " varying, 'running'::character varying])::text[]))",
        indexes.get("idx_one_active_job"));
  }

  @Test
  void workspaceSchemaHoldsItsTablesAndItsOwnHistory() {
    assertEquals(
        List.of(
            "chunk_embeddings",
            "code_chunks",
            "code_files",
            "flyway_schema_history",
            "repositories"),
        catalog.tables(SAMPLE));
    for (String table : List.of("repositories", "code_files", "code_chunks", "chunk_embeddings")) {
      assertEquals(
          "character varying(50) not null",
          catalog.columns(SAMPLE, table).get("project_id"),
          table);
      String check = catalog.constraints(SAMPLE, table).get("ck_" + table + "_project_id");
      assertTrue(
          check != null && check.contains("'^[a-z0-9]+(-[a-z0-9]+)*$'"), table + ": " + check);
    }
    assertEquals(
        "CREATE INDEX idx_project_repository ON "
            + SAMPLE
            + ".repositories USING btree (project_id, id)",
        catalog.indexes(SAMPLE, "repositories").get("idx_project_repository"));
  }

  @Test
  void chunksCarryWhatIndexingNeeds() {
    Map<String, String> chunks = catalog.columns(SAMPLE, "code_chunks");
    assertEquals("bytea not null", chunks.get("content_hash"));
    assertEquals("integer not null", chunks.get("start_line"));
    assertEquals("integer not null", chunks.get("end_line"));
    assertTrue(chunks.containsKey("symbol_name") && chunks.containsKey("symbol_kind"));
    assertTrue(chunks.containsKey("language") && chunks.containsKey("token_count"));
    assertTrue(chunks.get("search_tsv").startsWith("tsvector"), chunks.get("search_tsv"));

    Map<String, String> files = catalog.columns(SAMPLE, "code_files");
    for (String column :
        List.of(
            "content_hash", "language", "size_bytes", "line_count", "modified_at", "indexed_at")) {
      assertTrue(files.containsKey(column), column);
    }

    Map<String, String> embeddings = catalog.columns(SAMPLE, "chunk_embeddings");
    assertEquals("vector(384) not null", embeddings.get("embedding"));
    assertEquals(
        "PRIMARY KEY (content_hash)",
        catalog.constraints(SAMPLE, "chunk_embeddings").get("chunk_embeddings_pkey"));
    assertEquals(
        "hnsw vector_cosine_ops",
        catalog.indexMethod(SAMPLE, "idx_chunk_embeddings_embedding").orElseThrow());
    assertEquals(
        "gin tsvector_ops", catalog.indexMethod(SAMPLE, "idx_code_chunks_search").orElseThrow());
  }

  @Test
  void registryRecordsTheWorkspaceAndItsModel() {
    var row =
        scratch
            .db()
            .dsl()
            .fetchOne(
                "select schema_name, embedding_model, embedding_dim from project_registry.workspace_config where project_id = ?",
                "sample-project");
    assertEquals(SAMPLE, row.get(0));
    assertEquals("test-model", row.get(1));
    assertEquals(384, row.get(2));
  }
}
