package dev.codebasemcp.mcp;

import static dev.codebasemcp.mcp.McpFixture.args;
import static dev.codebasemcp.mcp.McpFixture.awaitFinal;
import static dev.codebasemcp.mcp.McpFixture.awaitJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process over stdio, as an assistant drives it: the protocol, each tool's happy
 * path and bad inputs, and jobs from pending to completed.
 */
@Timeout(180)
class McpServerProcessTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void listsEveryToolWithInputAndOutputSchemas() throws Exception {
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      Map<String, Object> result =
          (Map<String, Object>) mcp.request("tools/list", Map.of()).get("result");
      List<Map<String, Object>> tools = (List<Map<String, Object>>) result.get("tools");
      Set<String> names = new HashSet<>();
      for (Map<String, Object> tool : tools) {
        names.add((String) tool.get("name"));
        assertNotNull(tool.get("description"), tool.get("name") + " has a description");
        assertEquals("object", ((Map<String, Object>) tool.get("inputSchema")).get("type"));
        assertEquals("object", ((Map<String, Object>) tool.get("outputSchema")).get("type"));
      }
      assertEquals(Set.copyOf(McpFixture.TOOLS), names);
      assertEquals(List.of(), mcp.violations());
    }
  }

  @Test
  void theLogFileHoldsWhatStderrShows() throws Exception {
    Path home = tmp.resolve("home");
    String stderr;
    try (McpFixture f = new McpFixture(home);
        McpProcess mcp = f.server(Map.of("CODEBASE_MCP_LOG_FILE", "on"))) {
      mcp.ok("list_workspaces", Map.of());
      stderr = mcp.stderrText();
      assertEquals(List.of(), mcp.violations());
    }
    Path file = home.resolve("logs").resolve("codebase-mcp.log");
    String log = Files.readString(file);
    assertTrue(stderr.contains("MCP server ready"), stderr);
    assertTrue(log.lines().anyMatch(l -> l.matches("\\[pid \\d+\\] .*MCP server ready.*")), log);
    // Appended, not replaced, by the next process.
    long before = log.lines().count();
    try (McpFixture f = new McpFixture(home);
        McpProcess mcp = f.server(Map.of("CODEBASE_MCP_LOG_FILE", "on"))) {
      mcp.ok("list_workspaces", Map.of());
    }
    assertTrue(Files.readString(file).lines().count() > before);
  }

  @Test
  void workspacesAreCreatedOnceListedAndDeleted() throws Exception {
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      Map<String, Object> created =
          mcp.ok("create_workspace", args("project_id", "team-a", "description", "Team A"));
      assertEquals(true, created.get("created"));
      assertEquals("workspace_team_a", created.get("schema_name"));
      assertEquals(384, created.get("embedding_dim"));
      assertEquals(false, mcp.ok("create_workspace", args("project_id", "team-a")).get("created"));

      String listed = McpProcess.JSON.writeValueAsString(mcp.ok("list_workspaces", Map.of()));
      assertTrue(listed.contains("\"project_id\":\"team-a\""), listed);
      assertTrue(listed.contains("\"description\":\"Team A\""), listed);

      for (String bad : List.of("My-Project", "my_project", "-x", "a--b", "../../../etc", "")) {
        String message = mcp.error("create_workspace", args("project_id", bad));
        assertTrue(message.toLowerCase().contains("project"), bad + ": " + message);
      }
      Map<String, Object> deleted = mcp.ok("delete_workspace", args("project_id", "team-a"));
      assertEquals(true, deleted.get("deleted"));
      assertTrue(
          mcp.error("delete_workspace", args("project_id", "team-a")).contains("No workspace"));
    }
  }

  @Test
  void badArgumentsAreToolErrorsThatSayWhatToFix() throws Exception {
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      Path file = Files.writeString(tmp.resolve("file.txt"), "x");
      assertEquals(
          "repo_path must be absolute: got 'src'",
          mcp.error("start_indexing", args("repo_path", "src")));
      assertTrue(
          mcp.error("start_indexing", args("repo_path", tmp + "/a/../b")).contains("normalised"));
      assertTrue(
          mcp.error("start_indexing", args("repo_path", tmp + "/nope")).contains("does not exist"));
      assertTrue(
          mcp.error("start_indexing", args("repo_path", file.toString())).contains("directory"));
      assertTrue(mcp.error("start_indexing", Map.of()).contains("repo_path is required"));
      assertTrue(mcp.error("start_indexing", args("repo_path", 42)).contains("must be a string"));
      assertTrue(
          mcp.error("start_indexing", args("repo_path", tmp.toString(), "force_reindex", "yes"))
              .contains("true or false"));
      String unknownProject =
          mcp.error("start_indexing", args("repo_path", tmp.toString(), "project_id", "other"));
      assertTrue(unknownProject.contains("create_workspace"), unknownProject);
      assertTrue(
          mcp.error("start_indexing", args("repo", "/x")).contains("has no argument 'repo'"));

      assertTrue(mcp.error("search_code", args("query", "  ")).contains("query must not be empty"));
      assertTrue(
          mcp.error("search_code", args("query", "x", "limit", 51)).contains("from 1 to 50"));
      assertTrue(mcp.error("search_code", args("query", "x", "limit", 0)).contains("from 1 to 50"));
      assertTrue(
          mcp.error("search_code", args("query", "x", "limit", 2.5)).contains("whole number"));
      assertTrue(mcp.error("search_code", args("query", "x")).contains("Nothing is indexed yet"));

      assertTrue(mcp.error("get_job_status", args("job_id", "42")).contains("job_id must be"));
      assertTrue(
          mcp.error("get_job_status", args("job_id", "3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7d35"))
              .contains("No job"));
      assertTrue(mcp.error("cancel_job", Map.of()).contains("needs the argument job_id"));
      assertTrue(mcp.error("list_jobs", args("status", "done")).contains("must be one of"));
      assertTrue(mcp.error("list_jobs", args("limit", "ten")).contains("whole number"));

      Map<String, Object> unknownTool =
          mcp.request("tools/call", Map.of("name", "no_such_tool", "arguments", Map.of()));
      assertEquals(-32602, ((Map<?, ?>) unknownTool.get("error")).get("code"));
      assertTrue(mcp.isAlive());
      assertEquals(List.of(), mcp.violations());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void jobRunsFromPendingToCompletedWithProgressOnTheWay() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("repo"), 40, 8, 1);
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      Map<String, Object> started =
          mcp.callWithToken("start_indexing", args("repo_path", repo.toString()), "tok-1");
      Map<String, Object> job = (Map<String, Object>) started.get("structuredContent");
      assertEquals(false, job.get("deduplicated"));
      assertEquals("default", job.get("project_id"));
      String id = (String) job.get("job_id");

      Map<String, Object> again = mcp.ok("start_indexing", args("repo_path", repo.toString()));
      assertEquals(id, again.get("job_id"));
      assertEquals(true, again.get("deduplicated"));

      Map<String, Object> midway =
          awaitJob(
              mcp,
              id,
              s ->
                  "running".equals(s.get("status"))
                      && "embedding".equals(s.get("phase"))
                      && (int) s.get("chunks_embedded") > 0
                      && (int) s.get("chunks_embedded") < (int) s.get("chunks_to_embed"),
              120);
      assertEquals(40, midway.get("files_total"));
      assertTrue(
          ((String) midway.get("status_message")).startsWith("Embedding:"), midway.toString());
      // Keyword search works while embeddings fill in.
      Map<String, Object> early = mcp.ok("search_code", args("query", "Service3 total"));
      assertEquals(true, ((Map<String, Object>) early.get("index_state")).get("indexing"));

      Map<String, Object> done = awaitFinal(mcp, id, 150);
      assertEquals("completed", done.get("status"), done.toString());
      assertEquals(40, done.get("files_indexed"));
      assertEquals(done.get("chunks_created"), done.get("chunks_embedded"));
      assertTrue(
          ((String) done.get("status_message")).startsWith("Indexed 40 files"), done.toString());
      assertNotNull(done.get("completed_at"));

      List<Double> progress = new ArrayList<>();
      for (Map<String, Object> n : mcp.notifications()) {
        if ("notifications/progress".equals(n.get("method"))) {
          Map<String, Object> params = (Map<String, Object>) n.get("params");
          assertEquals("tok-1", params.get("progressToken"));
          progress.add(((Number) params.get("progress")).doubleValue());
        }
      }
      assertTrue(progress.size() >= 2, "progress notifications: " + progress);
      for (int i = 1; i < progress.size(); i++) {
        assertTrue(progress.get(i) > progress.get(i - 1), "progress increases: " + progress);
      }
      assertTrue(
          mcp.awaitNotification(
              n ->
                  "notifications/message".equals(n.get("method"))
                      && String.valueOf(n.get("params")).contains(id + " completed")),
          "a log notification says the job completed");

      java.util.regex.Matcher method =
          java.util.regex.Pattern.compile("public long (\\w+Total7_2)\\(")
              .matcher(Files.readString(repo.resolve("src/Service7.java")));
      assertTrue(method.find());
      Map<String, Object> found = mcp.ok("search_code", args("query", method.group(1), "limit", 3));
      List<Map<String, Object>> results = (List<Map<String, Object>>) found.get("results");
      assertEquals("src/Service7.java", results.get(0).get("file_path"));
      assertEquals(repo.toString(), results.get(0).get("repo_path"));
      assertEquals(false, ((Map<String, Object>) found.get("index_state")).get("indexing"));

      String second =
          (String) mcp.ok("start_indexing", args("repo_path", repo.toString())).get("job_id");
      Map<String, Object> upToDate = awaitFinal(mcp, second, 60);
      assertTrue(
          ((String) upToDate.get("status_message"))
              .startsWith("Up to date: no changes since the last index (40 files)"),
          upToDate.toString());
      assertEquals(List.of(), mcp.violations());
    }
  }

  @Test
  void withoutRepoPathTheClientsSingleRootIsIndexed() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("rooted"), 2, 2, 5);
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = McpProcess.start(f.database.url(), f.home, Map.of())) {
      mcp.initialize(Map.of("roots", Map.of("listChanged", false)));
      mcp.roots(List.of(repo.toUri().toString()));
      Map<String, Object> started = mcp.ok("start_indexing", Map.of());
      assertEquals(repo.toString(), started.get("repo_path"));
      assertEquals("completed", awaitFinal(mcp, (String) started.get("job_id"), 120).get("status"));

      mcp.roots(List.of(repo.toUri().toString(), tmp.toUri().toString()));
      String several = mcp.error("start_indexing", Map.of());
      assertTrue(several.contains("exposes 2 roots"), several);
    }
  }

  @Test
  void cancelStopsARunningJobWithinTwoSecondsAndIsFinal() throws Exception {
    Path repo = McpFixture.repository(tmp.resolve("repo"), 60, 10, 2);
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      String id = McpFixture.startAndAwaitEmbedding(mcp, repo, 0);

      Map<String, Object> cancel = mcp.ok("cancel_job", args("job_id", id));
      assertEquals(true, cancel.get("cancelled"));
      long asked = System.nanoTime();
      Map<String, Object> stopped =
          awaitJob(mcp, id, s -> s.get("status").equals("cancelled") && s.get("eta_ms") == null, 2);
      assertTrue((System.nanoTime() - asked) / 1e9 <= 2.0);
      // The worker lets go within a heartbeat or two; the job stays cancelled.
      Thread.sleep(3000);
      Map<String, Object> later = mcp.ok("get_job_status", args("job_id", id));
      assertEquals("cancelled", later.get("status"));
      assertTrue(((String) later.get("status_message")).startsWith("Cancelled"), later.toString());
      assertTrue((int) later.get("chunks_embedded") < (int) later.get("chunks_created"));
      assertEquals(false, mcp.ok("cancel_job", args("job_id", id)).get("cancelled"));
      assertNotNull(stopped.get("completed_at"));

      // What was written stays consistent: a new job finishes the index.
      String next =
          (String) mcp.ok("start_indexing", args("repo_path", repo.toString())).get("job_id");
      Map<String, Object> done = awaitFinal(mcp, next, 150);
      assertEquals("completed", done.get("status"), done.toString());
    }
  }

  @Test
  void atMostMaxJobsRunAtOnce() throws Exception {
    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repos.add(McpFixture.repository(tmp.resolve("repo" + i), 6, 4, 10 + i));
    }
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server(Map.of("CODEBASE_MCP_MAX_JOBS", "1"))) {
      List<String> ids = new ArrayList<>();
      for (Path repo : repos) {
        ids.add(
            (String) mcp.ok("start_indexing", args("repo_path", repo.toString())).get("job_id"));
      }
      int maxRunning = 0;
      long end = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < end) {
        int running = 0;
        int finished = 0;
        for (String id : ids) {
          Object status = mcp.ok("get_job_status", args("job_id", id)).get("status");
          running += status.equals("running") ? 1 : 0;
          finished += status.equals("completed") ? 1 : 0;
        }
        maxRunning = Math.max(maxRunning, running);
        if (finished == ids.size()) {
          break;
        }
        Thread.sleep(50);
      }
      assertEquals(1, maxRunning);
      for (String id : ids) {
        assertEquals("completed", mcp.ok("get_job_status", args("job_id", id)).get("status"));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSearchInOneWorkspaceNeverReturnsAnothersChunks() throws Exception {
    Path a = McpFixture.repository(tmp.resolve("alpha"), 4, 3, 21);
    Path b = McpFixture.repository(tmp.resolve("beta"), 4, 3, 22);
    try (McpFixture f = new McpFixture(tmp.resolve("home"));
        McpProcess mcp = f.server()) {
      mcp.ok("create_workspace", args("project_id", "ws-a"));
      mcp.ok("create_workspace", args("project_id", "ws-b"));
      String ja =
          (String)
              mcp.ok("start_indexing", args("repo_path", a.toString(), "project_id", "ws-a"))
                  .get("job_id");
      String jb =
          (String)
              mcp.ok("start_indexing", args("repo_path", b.toString(), "project_id", "ws-b"))
                  .get("job_id");
      assertEquals("completed", awaitFinal(mcp, ja, 120).get("status"));
      assertEquals("completed", awaitFinal(mcp, jb, 120).get("status"));
      for (String query : List.of("discount total of the order", "Service1", "long sum offset")) {
        Map<String, Object> found =
            mcp.ok("search_code", args("query", query, "project_id", "ws-a", "limit", 50));
        for (Map<String, Object> hit : (List<Map<String, Object>>) found.get("results")) {
          assertEquals(a.toString(), hit.get("repo_path"), query);
        }
      }
      String jobs =
          McpProcess.JSON.writeValueAsString(mcp.ok("list_jobs", args("project_id", "ws-b")));
      assertTrue(jobs.contains(jb) && !jobs.contains(ja), jobs);
    }
  }
}
