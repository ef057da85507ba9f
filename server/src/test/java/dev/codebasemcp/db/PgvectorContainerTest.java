package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.schema.SchemaMigrator;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same schema on the official pgvector image, where a Docker engine exists. Skipped cleanly
 * without one (as on machines where the managed cluster carries the suite).
 */
@Testcontainers(disabledWithoutDocker = true)
class PgvectorContainerTest {
  static final DockerImageName IMAGE =
      DockerImageName.parse("pgvector/pgvector:0.8.0-pg17").asCompatibleSubstituteFor("postgres");

  @Container static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(IMAGE);

  @Test
  void migratesAndCreatesAWorkspaceOnThePgvectorImage() {
    DatabaseUrl url =
        DatabaseUrl.parse(
            "postgresql://%s:%s@%s:%d/%s"
                .formatted(
                    POSTGRES.getUsername(),
                    POSTGRES.getPassword(),
                    POSTGRES.getHost(),
                    POSTGRES.getFirstMappedPort(),
                    POSTGRES.getDatabaseName()));
    try (Database db = Database.open(url, false, 2)) {
      SchemaMigrator registry = db.registryMigrator();
      registry.migrate();
      Workspace ws = new Workspaces(db).create(ProjectId.of("container"), "m", 384).workspace();
      Catalog catalog = new Catalog(db.dsl());
      assertEquals(registry.latestVersion(), registry.currentVersion());
      assertEquals("vector(384)", catalog.columns(ws.schemaName(), "code_chunks").get("embedding"));
      assertTrue(catalog.tables(SchemaMigrator.REGISTRY_SCHEMA).contains("indexing_jobs"));
    }
  }
}
