package dev.codebasemcp.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Connections;
import dev.codebasemcp.db.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jOOQ classes committed in server/src/generated/java are exactly what the current migrations
 * generate. When this fails: run scripts/jooq-codegen and commit the result.
 */
@Timeout(300)
class GeneratedCodeDriftTest {
  static final Path COMMITTED =
      Path.of(System.getProperty("user.dir")).getParent().resolve("server/src/generated/java");

  @TempDir Path generated;

  @Test
  void committedClassesMatchTheMigrations() throws Exception {
    JooqGenerator.generate(server(), generated, url -> {});

    List<String> differences = SourceTreeDiff.compare(COMMITTED, generated);

    assertTrue(
        differences.isEmpty(),
        () ->
            "The committed jOOQ classes differ from what the migrations generate; run"
                + " scripts/jooq-codegen and commit the result:\n  "
                + String.join("\n  ", differences));
  }

  @Test
  void aMigrationAddedWithoutRegeneratingIsCaught() throws Exception {
    // As if a new workspace migration added a column and nobody regenerated.
    JooqGenerator.generate(
        server(),
        generated,
        url ->
            execute(
                url,
                "alter table workspace_codegen_template.code_files add column drift_probe text"));

    List<String> differences = SourceTreeDiff.compare(COMMITTED, generated);

    String path = "dev/codebasemcp/db/jooq/workspace/tables/";
    assertTrue(differences.contains("changed: " + path + "CodeFiles.java"), differences::toString);
    assertTrue(
        differences.contains("changed: " + path + "records/CodeFilesRecord.java"),
        differences::toString);
  }

  private static DatabaseUrl server() {
    return JooqGenerator.serverOf(Config.fromEnvironment());
  }

  private static void execute(DatabaseUrl url, String sql) {
    try (Connection c = Connections.open(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
