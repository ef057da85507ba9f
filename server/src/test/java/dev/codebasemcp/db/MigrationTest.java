package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.schema.MigrationException;
import dev.codebasemcp.schema.MigrationResult;
import dev.codebasemcp.schema.RollbackResult;
import dev.codebasemcp.schema.SchemaMigrator;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Migrations against real, initially empty databases: up, up again, down, and up once more. */
class MigrationTest {
  static final String REGISTRY = SchemaMigrator.REGISTRY_SCHEMA;

  @Test
  void migratesAnEmptyDatabase() {
    try (var scratch = TestPostgres.scratch()) {
      SchemaMigrator registry = scratch.db().registryMigrator();
      assertEquals("0", registry.currentVersion());
      MigrationResult result = registry.migrate();
      assertEquals("0", result.fromVersion());
      assertEquals(registry.latestVersion(), result.toVersion());
      assertEquals(Integer.parseInt(registry.latestVersion()), result.migrationsApplied());
      assertEquals(
          List.of("flyway_schema_history", "indexing_jobs", "workspace_config"),
          new Catalog(scratch.db().dsl()).tables(REGISTRY));
    }
  }

  @Test
  void migratingTwiceIsANoOp() {
    try (var scratch = TestPostgres.scratch()) {
      Catalog catalog = new Catalog(scratch.db().dsl());
      SchemaMigrator registry = scratch.db().registryMigrator();
      registry.migrate();
      Workspace ws = new Workspaces(scratch.db()).create(ProjectId.of("twice"), "m", 8).workspace();
      List<String> registryBefore = catalog.snapshot(REGISTRY);
      List<String> workspaceBefore = catalog.snapshot(ws.schemaName());
      long historyRows = historyRows(scratch.db().dsl(), REGISTRY);

      MigrationResult again = registry.migrate();
      MigrationResult workspaceAgain = new Workspaces(scratch.db()).migrator(ws).migrate();

      assertEquals(0, again.migrationsApplied());
      assertEquals(again.fromVersion(), again.toVersion());
      assertEquals(0, workspaceAgain.migrationsApplied());
      assertEquals(registryBefore, catalog.snapshot(REGISTRY));
      assertEquals(workspaceBefore, catalog.snapshot(ws.schemaName()));
      assertEquals(historyRows, historyRows(scratch.db().dsl(), REGISTRY));
    }
  }

  @Test
  void dataSurvivesMigrationFromThePreviousVersion() {
    try (var scratch = TestPostgres.scratch()) {
      DSLContext dsl = scratch.db().dsl();
      SchemaMigrator registry = scratch.db().registryMigrator();
      String latest = registry.latestVersion();
      String previous = Integer.toString(Integer.parseInt(latest) - 1);
      registry.migrateTo(previous);
      assertEquals(previous, registry.currentVersion());
      for (String id : List.of("alpha", "beta-2", "gamma")) {
        dsl.execute(
            "insert into project_registry.workspace_config (project_id, schema_name, embedding_model,"
                + " embedding_dim, metadata) values (?, ?, 'model-x', 384, ?::jsonb)",
            id,
            ProjectId.of(id).schemaName(),
            "{\"description\": \"" + id + " project\"}");
      }
      Result<Record> before = workspaceRows(dsl);

      MigrationResult result = registry.migrate();

      assertEquals(previous, result.fromVersion());
      assertEquals(latest, result.toVersion());
      Result<Record> after = workspaceRows(dsl);
      assertEquals(3, after.size());
      assertEquals(before, after);
    }
  }

  @Test
  void jobsSurviveTheJobSystemMigration() {
    try (var scratch = TestPostgres.scratch()) {
      DSLContext dsl = scratch.db().dsl();
      SchemaMigrator registry = scratch.db().registryMigrator();
      registry.migrateTo("2");
      dsl.execute(
          "insert into project_registry.indexing_jobs (repo_path, project_id, status, files_indexed,"
              + " chunks_created, error_message) values ('/src/a', 'alpha', 'completed', 12, 340,"
              + " null), ('/src/b', 'beta', 'failed', 1, 2, 'repository gone')");

      registry.migrate();

      Result<Record> jobs =
          dsl.fetch(
              "select repo_path, status, files_indexed, chunks_created, error_message,"
                  + " force_reindex, attempts, skipped_by_reason::text"
                  + " from project_registry.indexing_jobs order by repo_path");
      assertEquals(2, jobs.size());
      assertEquals("completed", jobs.get(0).get("status"));
      assertEquals(340, jobs.get(0).get("chunks_created"));
      assertEquals("repository gone", jobs.get(1).get("error_message"));
      assertEquals(false, jobs.get(1).get("force_reindex"));
      assertEquals(0, jobs.get(1).get("attempts"));
      assertEquals("{}", jobs.get(1).get("skipped_by_reason"));
    }
  }

  @Test
  void upDownUpRestoresTheSameRegistry() {
    try (var scratch = TestPostgres.scratch()) {
      Catalog catalog = new Catalog(scratch.db().dsl());
      SchemaMigrator registry = scratch.db().registryMigrator();
      registry.migrate();
      List<String> up = catalog.snapshot(REGISTRY);

      RollbackResult down = registry.rollbackTo("0");

      assertEquals(registry.latestVersion(), down.fromVersion());
      assertEquals("0", down.toVersion());
      assertEquals(List.of("3", "2", "1"), down.undone());
      assertEquals("0", registry.currentVersion());
      assertEquals(List.of("flyway_schema_history"), catalog.tables(REGISTRY));

      MigrationResult upAgain = registry.migrate();
      assertEquals(3, upAgain.migrationsApplied());
      assertEquals(up, catalog.snapshot(REGISTRY));
    }
  }

  @Test
  void upDownUpRestoresTheSameWorkspace() {
    try (var scratch = TestPostgres.migrated()) {
      Catalog catalog = new Catalog(scratch.db().dsl());
      Workspaces workspaces = new Workspaces(scratch.db());
      Workspace ws = workspaces.create(ProjectId.of("round-trip"), "m", 16).workspace();
      List<String> up = catalog.snapshot(ws.schemaName());

      workspaces.migrator(ws).rollbackTo("0");
      assertEquals(List.of("flyway_schema_history"), catalog.tables(ws.schemaName()));

      workspaces.migrator(ws).migrate();
      assertEquals(up, catalog.snapshot(ws.schemaName()));
    }
  }

  @Test
  void rollingBackOneWorkspaceLeavesTheOthers() {
    try (var scratch = TestPostgres.migrated()) {
      Workspaces workspaces = new Workspaces(scratch.db());
      Workspace a = workspaces.create(ProjectId.of("ws-a"), "m", 4).workspace();
      Workspace b = workspaces.create(ProjectId.of("ws-b"), "m", 4).workspace();

      workspaces.migrator(a).rollbackTo("0");

      assertEquals("0", workspaces.migrator(a).currentVersion());
      assertEquals("1", workspaces.migrator(b).currentVersion());
      assertTrue(new Catalog(scratch.db().dsl()).tables(b.schemaName()).contains("code_chunks"));
    }
  }

  @Test
  void aRollbackThatFailsHalfwayChangesNothing() {
    try (var scratch = TestPostgres.migrated()) {
      DSLContext dsl = scratch.db().dsl();
      Catalog catalog = new Catalog(dsl);
      SchemaMigrator registry = scratch.db().registryMigrator();
      List<String> before = catalog.snapshot(REGISTRY);
      // A view elsewhere depends on workspace_config: undoing V2 works, undoing V1 then fails.
      dsl.execute(
          "create view public.blocker as select project_id from project_registry.workspace_config");

      MigrationException e = assertThrows(MigrationException.class, () -> registry.rollbackTo("0"));

      assertTrue(e.getMessage().contains("changed nothing"), e.getMessage());
      assertEquals(registry.latestVersion(), registry.currentVersion());
      assertEquals(before, catalog.snapshot(REGISTRY));
    }
  }

  @Test
  void refusesToRollBackToAVersionNeverApplied() {
    try (var scratch = TestPostgres.scratch()) {
      SchemaMigrator registry = scratch.db().registryMigrator();
      registry.migrateTo("1");
      MigrationException e = assertThrows(MigrationException.class, () -> registry.rollbackTo("2"));
      assertTrue(
          e.getMessage().contains("to version 2: that version is not applied (applied: 1)"),
          e.getMessage());
      MigrationException bad =
          assertThrows(MigrationException.class, () -> registry.rollbackTo("two"));
      assertTrue(bad.getMessage().contains("Not a migration version"), bad.getMessage());
      assertFalse(registry.rollbackTo("1").undone().iterator().hasNext());
    }
  }

  @Test
  @Timeout(60)
  void rollbacksAndFlywayMigrationsShareOneLock() throws Exception {
    try (var scratch = TestPostgres.scratch();
        Connection holder = Connections.open(scratch.database().url())) {
      SchemaMigrator registry = scratch.db().registryMigrator();
      registry.migrateTo("1");
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("select pg_advisory_xact_lock(" + registry.migrationLockKey() + ")");
      }
      try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<MigrationResult> migration = executor.submit(registry::migrate);
        Thread.sleep(1500);
        assertFalse(migration.isDone(), "Flyway must wait for the lock a rollback would hold");
        holder.commit();
        assertEquals(registry.latestVersion(), migration.get(30, TimeUnit.SECONDS).toVersion());
      }
    }
  }

  private static Result<Record> workspaceRows(DSLContext dsl) {
    return dsl.fetch(
        "select project_id, schema_name, created_at, metadata::text, embedding_model, embedding_dim"
            + " from project_registry.workspace_config order by project_id");
  }

  private static long historyRows(DSLContext dsl, String schema) {
    return ((Number) dsl.fetchValue("select count(*) from " + schema + ".flyway_schema_history"))
        .longValue();
  }
}
