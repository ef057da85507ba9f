package dev.codebasemcp.mcp;

import static dev.codebasemcp.mcp.McpFixture.args;
import static dev.codebasemcp.mcp.McpFixture.awaitFinal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.db.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several server processes on one database: no job runs twice, a killed process's job is taken over
 * and resumed without duplicates or gaps, and an orderly shutdown hands running jobs on.
 */
@Timeout(300)
class McpJobRecoveryTest {
  @TempDir Path tmp;

  @Test
  void twoServersOnOneDatabaseNeverRunAJobTwice() throws Exception {
    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      repos.add(McpFixture.repository(tmp.resolve("repo" + i), 5, 4, 30 + i));
    }
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess a = f.server(Map.of("CODEBASE_MCP_MAX_JOBS", "1"));
        McpProcess b = f.server(Map.of("CODEBASE_MCP_MAX_JOBS", "1"))) {
      List<String> ids = new ArrayList<>();
      for (Path repo : repos) {
        ids.add((String) a.ok("start_indexing", args("repo_path", repo.toString())).get("job_id"));
      }
      for (String id : ids) {
        Map<String, Object> done = awaitFinal(b, id, 180);
        assertEquals("completed", done.get("status"), done.toString());
        assertEquals(1, done.get("attempts"), "claimed once: " + done);
      }
      try (Database db = Database.open(f.database.url(), false, 2)) {
        // Both workers took part, each holding one job at a time.
        List<String> statuses =
            db.dsl()
                .fetch("select distinct status from project_registry.indexing_jobs")
                .getValues(0, String.class);
        assertEquals(List.of("completed"), statuses);
      }
      assertTrue(
          a.stderrText().contains("started: indexing")
              && b.stderrText().contains("started: indexing"),
          "both processes ran jobs");
    }
  }

  @Test
  void aKilledServersJobIsTakenOverAndResumedWithoutDuplicatesOrGaps() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("repo"), 50, 8, 40);
    try (McpFixture f = new McpFixture(tmp.resolve("home"))) {
      McpProcess first = f.server();
      String id = McpFixture.startAndAwaitEmbedding(first, repo, 50);
      first.kill();
      assertFalse(first.isAlive());

      McpProcess second = f.server();
      Map<String, Object> done = awaitFinal(second, id, 180);
      assertEquals("completed", done.get("status"), done.toString());
      assertEquals(2, done.get("attempts"), done.toString());
      assertTrue(second.stderrText().contains("resuming"), second.stderrText());

      // The same repository indexed from scratch into another workspace is the reference.
      second.ok("create_workspace", args("project_id", "reference"));
      String ref =
          (String)
              second
                  .ok(
                      "start_indexing",
                      args("repo_path", repo.toString(), "project_id", "reference"))
                  .get("job_id");
      assertEquals("completed", awaitFinal(second, ref, 180).get("status"));
      try (Database db = Database.open(f.database.url(), false, 2)) {
        Result<Record> resumed = chunks(db.dsl(), "workspace_default");
        Result<Record> reference = chunks(db.dsl(), "workspace_reference");
        assertEquals(reference.size(), resumed.size());
        assertEquals(reference, resumed);
        assertEquals(0, withoutVector(db.dsl(), "workspace_default"));
      }
    }
  }

  @Test
  void anOrderlyShutdownGivesTheJobBackAndTheNextServerResumesIt() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("repo"), 50, 8, 50);
    try (McpFixture f = new McpFixture(tmp.resolve("home"))) {
      McpProcess first = f.server();
      String id = McpFixture.startAndAwaitEmbedding(first, repo, 0);
      long closing = System.nanoTime();
      assertEquals(0, first.closeInput());
      assertTrue((System.nanoTime() - closing) / 1e9 < 30, "shutdown took too long");
      assertTrue(first.stderrText().contains("given back to the queue"), first.stderrText());

      McpProcess second = f.server();
      Map<String, Object> done = awaitFinal(second, id, 180);
      assertEquals("completed", done.get("status"), done.toString());
      assertEquals(2, done.get("attempts"));
      try (Database db = Database.open(f.database.url(), false, 2)) {
        assertEquals(0, withoutVector(db.dsl(), "workspace_default"));
      }
    }
  }

  @Test
  void sigtermAlsoGivesTheRunningJobBack() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("repo"), 30, 8, 60);
    try (McpFixture f = new McpFixture(tmp.resolve("home"))) {
      McpProcess server = f.server();
      String id = McpFixture.startAndAwaitEmbedding(server, repo, 0);
      int exit = server.terminate();
      assertTrue(
          server.stderrText().contains("given back to the queue"),
          "exit " + exit + ", stderr:\n" + server.stderrText());
      try (Database db = Database.open(f.database.url(), false, 2)) {
        Record job =
            db.dsl()
                .fetchOne(
                    "select status, lease_owner, attempts from project_registry.indexing_jobs"
                        + " where id = ?::uuid",
                    id);
        assertEquals("pending", job.get("status"));
        assertEquals(null, job.get("lease_owner"));
        assertEquals(1, job.get("attempts"));
      }
    }
  }

  private static Result<Record> chunks(DSLContext dsl, String schema) {
    return dsl.fetch(
        "select f.relative_path, c.chunk_index, c.start_line, c.end_line, c.content_hash"
            + " from "
            + schema
            + ".code_chunks c join "
            + schema
            + ".code_files f on f.id = c.file_id order by 1, 2");
  }

  private static int withoutVector(DSLContext dsl, String schema) {
    return ((Number)
            dsl.fetchValue(
                "select count(*) from "
                    + schema
                    + ".code_chunks c where not exists (select 1 from "
                    + schema
                    + ".chunk_embeddings e where e.content_hash = c.content_hash)"))
        .intValue();
  }
}
