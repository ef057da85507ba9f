package dev.codebasemcp.mcp;

import static org.junit.jupiter.api.Assertions.fail;

import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.db.ScratchDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/** A scratch database, a home directory and helpers for driving server processes. */
final class McpFixture implements AutoCloseable {
  final ScratchDatabase database;
  final Path home;
  private final List<McpProcess> processes = new ArrayList<>();

  McpFixture(Path home) {
    this.database = ScratchDatabase.create(TestPostgres.server(), "mcp");
    this.home = home;
  }

  /** A server on this fixture's database, initialized. */
  McpProcess server(Map<String, String> env) throws IOException {
    McpProcess process = McpProcess.start(database.url(), home, env);
    processes.add(process);
    process.initialize();
    return process;
  }

  McpProcess server() throws IOException {
    return server(Map.of());
  }

  /**
   * Writes a Java repository of {@code files} files with {@code methods} distinct methods each (a
   * chunk or so per method), so its embedding takes a while.
   */
  static Path repository(Path dir, int files, int methods, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(dir.resolve("src"));
    for (int f = 0; f < files; f++) {
      StringBuilder s = new StringBuilder();
      s.append("package demo;\n\n/** Generated class number ").append(f).append(". */\n");
      s.append("public class Service").append(f).append(" {\n");
      for (int m = 0; m < methods; m++) {
        String word = WORDS[random.nextInt(WORDS.length)];
        s.append("  /** Computes the ")
            .append(word)
            .append(" of the order (")
            .append(seed)
            .append('/')
            .append(f)
            .append('/')
            .append(m)
            .append("). */\n");
        s.append("  public long ").append(word).append("Total").append(f).append('_').append(m);
        s.append("(long[] values, long offset) {\n    long sum = offset;\n");
        for (int line = 0; line < 12; line++) {
          s.append("    sum += values.length > ")
              .append(line)
              .append(" ? values[")
              .append(line)
              .append("] * ")
              .append(random.nextInt(1000))
              .append(" : ")
              .append(random.nextInt(1000))
              .append(";\n");
        }
        s.append("    return sum;\n  }\n\n");
      }
      s.append("}\n");
      Files.writeString(dir.resolve("src/Service" + f + ".java"), s.toString());
    }
    return dir;
  }

  private static final String[] WORDS = {
    "discount",
    "shipping",
    "invoice",
    "refund",
    "tax",
    "balance",
    "credit",
    "penalty",
    "bonus",
    "interest",
    "fee",
    "rebate"
  };

  /** The eight tools, as tools/list names them. */
  static final List<String> TOOLS =
      List.of(
          "create_workspace",
          "list_workspaces",
          "delete_workspace",
          "start_indexing",
          "get_job_status",
          "list_jobs",
          "cancel_job",
          "search_code");

  /** Starts indexing {@code repo} into 'default'; returns the job id. */
  static String startIndexing(McpProcess mcp, Path repo) {
    return (String) mcp.ok("start_indexing", args("repo_path", repo.toString())).get("job_id");
  }

  /** Starts indexing {@code repo} and waits until more than {@code chunks} chunks have vectors. */
  static String startAndAwaitEmbedding(McpProcess mcp, Path repo, int chunks)
      throws InterruptedException {
    String id = startIndexing(mcp, repo);
    awaitJob(mcp, id, s -> (int) s.get("chunks_embedded") > chunks, 120);
    return id;
  }

  /** Polls get_job_status until {@code done} holds (or fails after {@code seconds}). */
  static Map<String, Object> awaitJob(
      McpProcess mcp, String jobId, Predicate<Map<String, Object>> done, int seconds)
      throws InterruptedException {
    long end = System.currentTimeMillis() + seconds * 1000L;
    Map<String, Object> status = null;
    while (System.currentTimeMillis() < end) {
      status = mcp.ok("get_job_status", Map.of("job_id", jobId));
      if (done.test(status)) {
        return status;
      }
      Thread.sleep(100);
    }
    fail("job " + jobId + " did not get there within " + seconds + " s; last status: " + status);
    return status;
  }

  static Map<String, Object> awaitFinal(McpProcess mcp, String jobId, int seconds)
      throws InterruptedException {
    return awaitJob(
        mcp,
        jobId,
        s -> List.of("completed", "failed", "cancelled").contains(s.get("status")),
        seconds);
  }

  static Map<String, Object> args(Object... keyValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Override
  public void close() {
    for (McpProcess process : processes) {
      try {
        process.close();
      } catch (Exception e) {
        // Best effort: the test's own assertions matter more.
      }
    }
    database.close();
  }
}
