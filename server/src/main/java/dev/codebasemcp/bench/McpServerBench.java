package dev.codebasemcp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures the MCP server as a client sees it: time from launching {@code scripts/codebase-mcp} to
 * the answer to {@code initialize}, and the round trip of {@code start_indexing} and {@code
 * get_job_status} calls over stdio. Not thread-safe.
 */
final class McpServerBench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PROJECT = "bench-mcp";

  private final Report report;
  private final PrintStream log;
  private final Path scratch;
  private final Corpus corpus;

  McpServerBench(Report report, PrintStream log, Path scratch, Corpus corpus) {
    this.report = report;
    this.log = log;
    this.scratch = scratch;
    this.corpus = corpus;
  }

  void run() throws Exception {
    String launcher = System.getProperty(ChildRun.LAUNCHER_PROPERTY);
    if (launcher == null) {
      throw new IllegalStateException("run the benchmark through scripts/bench");
    }
    log.println("bench: MCP server start, start_indexing and get_job_status over stdio");
    // One start first, unmeasured: after a build it writes the class-data archive the launcher
    // keeps next to the jar, as any first start would.
    try (Server server = Server.launch(launcher)) {
      server.initialize();
    }
    double[] starts = new double[5];
    for (int i = 0; i < starts.length; i++) {
      long t0 = System.nanoTime();
      try (Server server = Server.launch(launcher)) {
        server.initialize();
        starts[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(starts);
    report.target(
        "MCP server start to ready (launcher to the initialize answer, database running; 5 starts)",
        "<= 2 s",
        "median %.0f ms, slowest %.0f ms".formatted(starts[2], starts[4]),
        starts[4] <= 2000);
    report.note(
        "Tool round trips are timed from the request's line written to the server's stdin to the"
            + " answer's line read from its stdout. This client's own JSON work (writing the"
            + " request, parsing the answer, in a JVM sharing the same 2 cores) is outside that"
            + " time; each row also gives the p95 with it included.");

    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Path repo = scratch.resolve("repo-" + i);
      Files.createDirectories(repo);
      Files.writeString(
          repo.resolve("Main" + i + ".java"),
          "class Main%d { int value() { return %d; } }\n".formatted(i, i));
      repos.add(repo);
    }
    try (Server server = Server.launch(launcher)) {
      server.initialize();
      server.call("delete_workspace", Map.of("project_id", PROJECT));
      server.call("create_workspace", Map.of("project_id", PROJECT));
      double[] startCalls = new double[repos.size()];
      double[] withClient = new double[repos.size()];
      String jobId = null;
      for (int i = 0; i < repos.size(); i++) {
        long t0 = System.nanoTime();
        Map<String, Object> result =
            server.call(
                "start_indexing",
                Map.of("repo_path", repos.get(i).toString(), "project_id", PROJECT));
        withClient[i] = (System.nanoTime() - t0) / 1e6;
        startCalls[i] = server.lastRoundTripMs();
        jobId = (String) structured(result).get("job_id");
      }
      Arrays.sort(startCalls);
      Arrays.sort(withClient);
      double startP95 = percentile(startCalls, 95);
      report.target(
          "start_indexing round trip over stdio (30 new repositories, jobs queued and running)",
          "<= 100 ms",
          "p50 %.1f ms, p95 %.1f ms, max %.1f ms (with this client's JSON work: p95 %.1f ms)"
              .formatted(
                  percentile(startCalls, 50),
                  startP95,
                  startCalls[startCalls.length - 1],
                  percentile(withClient, 95)),
          startP95 <= 100);
      statusCalls(server, jobId, "while the 30 jobs run on both cores");
      // The same calls once the jobs are done: the server idle but warm.
      long until = System.nanoTime() + 300_000_000_000L;
      while (System.nanoTime() < until && !idle(server)) {
        Thread.sleep(500);
      }
      statusCalls(server, jobId, "jobs done, server warm");
      discardWorkspace(server);
    }
    statusWhileChunking(launcher);
  }

  /**
   * Cancels the bench workspace's jobs that have not ended (a server's shutdown gives its running
   * jobs back to the queue), lets them stop (within 2 s), and deletes the workspace.
   */
  @SuppressWarnings("unchecked")
  private static void discardWorkspace(Server server) throws IOException, InterruptedException {
    Map<String, Object> jobs =
        structured(server.call("list_jobs", Map.of("project_id", PROJECT, "limit", 100)));
    for (Map<String, Object> job : (List<Map<String, Object>>) jobs.get("jobs")) {
      if (List.of("pending", "running").contains(job.get("status"))) {
        server.call("cancel_job", Map.of("job_id", job.get("job_id")));
      }
    }
    Thread.sleep(3000);
    server.call("delete_workspace", Map.of("project_id", PROJECT));
  }

  /**
   * A harder case than the target's, reported as a figure: a freshly started server chunking one
   * large repository (1,000 JDK files, about 30,000 chunks) while the client polls every 20 ms.
   */
  @SuppressWarnings("unchecked")
  private void statusWhileChunking(String launcher) throws Exception {
    Path repo = corpus.javaFiles("jdk1k", 1_000);
    List<Double> calls = new ArrayList<>();
    try (Server server = Server.launch(launcher)) {
      server.initialize();
      server.call("delete_workspace", Map.of("project_id", PROJECT));
      server.call("create_workspace", Map.of("project_id", PROJECT));
      String jobId =
          (String)
              structured(
                      server.call(
                          "start_indexing",
                          Map.of("repo_path", repo.toString(), "project_id", PROJECT)))
                  .get("job_id");
      long until = System.nanoTime() + 300_000_000_000L;
      while (System.nanoTime() < until && calls.size() < 1_000) {
        Map<String, Object> status =
            structured(server.call("get_job_status", Map.of("job_id", jobId)));
        double ms = server.lastRoundTripMs();
        boolean running = "running".equals(status.get("status"));
        if (running && "chunking".equals(status.get("phase"))) {
          calls.add(ms);
        } else if (!calls.isEmpty() || !(running || "pending".equals(status.get("status")))) {
          break; // chunking is over (or the job ended before it)
        }
        Thread.sleep(20);
      }
      discardWorkspace(server);
    }
    double[] sorted = calls.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      report.note("get_job_status while chunking 1,000 JDK files: no call saw the chunking phase.");
      return;
    }
    report.note(
        ("get_job_status while a server started moments before chunks 1,000 JDK files (%d calls,"
                + " one every 20 ms, during the chunking phase): p50 %.1f ms, p95 %.1f ms, p99 %.1f"
                + " ms. A figure, not a target: young-generation GC pauses while chunking (about"
                + " 20 ms every 0.4 s) are stop-the-world and set the tail here.")
            .formatted(
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99)));
  }

  /** 300 get_job_status round trips, reported as one target row. */
  private void statusCalls(Server server, String jobId, String condition) throws IOException {
    double[] calls = new double[300];
    double[] withClient = new double[calls.length];
    for (int i = 0; i < calls.length; i++) {
      long t0 = System.nanoTime();
      server.call("get_job_status", Map.of("job_id", jobId));
      withClient[i] = (System.nanoTime() - t0) / 1e6;
      calls[i] = server.lastRoundTripMs();
    }
    Arrays.sort(calls);
    Arrays.sort(withClient);
    double p95 = percentile(calls, 95);
    report.target(
        "get_job_status round trip over stdio (300 calls, " + condition + ")",
        "p95 <= 10 ms",
        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (with this client's JSON work: p95 %.1f ms)"
            .formatted(
                percentile(calls, 50), p95, percentile(calls, 99), percentile(withClient, 95)),
        p95 <= 10);
  }

  @SuppressWarnings("unchecked")
  private static boolean idle(Server server) throws IOException {
    Map<String, Object> jobs =
        structured(server.call("list_jobs", Map.of("project_id", PROJECT, "limit", 100)));
    for (Map<String, Object> job : (List<Map<String, Object>>) jobs.get("jobs")) {
      if (List.of("pending", "running").contains(job.get("status"))) {
        return false;
      }
    }
    return true;
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(Map<String, Object> result) {
    Object content = result.get("structuredContent");
    if (content == null) {
      throw new IllegalStateException("tool call failed: " + result);
    }
    return (Map<String, Object>) content;
  }

  /** The launcher as an MCP server child, one request at a time. */
  private static final class Server implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private long ids;
    private double lastRoundTripMs;

    private Server(Process process) {
      this.process = process;
      this.in = process.getOutputStream();
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Server launch(String launcher) throws IOException {
      return new Server(
          new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    void initialize() throws IOException {
      request(
          "initialize",
          Map.of(
              "protocolVersion",
              "2025-06-18",
              "capabilities",
              Map.of(),
              "clientInfo",
              Map.of("name", "bench", "version", "1")));
      write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /**
     * The last request's round trip: from its line written to the server's answer read, without the
     * JSON work of this client (writing the request, parsing the answer) on either side.
     */
    double lastRoundTripMs() {
      return lastRoundTripMs;
    }

    Map<String, Object> call(String tool, Map<String, Object> arguments) throws IOException {
      return request("tools/call", Map.of("name", tool, "arguments", arguments));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> request(String method, Object params) throws IOException {
      long id = ++ids;
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("jsonrpc", "2.0");
      message.put("id", id);
      message.put("method", method);
      message.put("params", params);
      String request = JSON.writeValueAsString(message);
      long sent = System.nanoTime();
      write(request);
      while (true) {
        String line = out.readLine();
        long received = System.nanoTime();
        if (line == null) {
          throw new IOException("the server exited before answering " + method);
        }
        Map<String, Object> response =
            JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
        if (response.get("id") instanceof Number n && n.longValue() == id) {
          lastRoundTripMs = (received - sent) / 1e6;
          if (response.containsKey("error")) {
            throw new IOException(method + " failed: " + response.get("error"));
          }
          return (Map<String, Object>) response.get("result");
        }
      }
    }

    private void write(String line) throws IOException {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    @Override
    public void close() throws IOException {
      in.close();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
