package dev.codebasemcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs codebase-mcp's {@code Main} (or a script) in a child process, as a user would, capturing
 * stdout and stderr separately.
 */
public final class ChildProcess {
  private ChildProcess() {}

  /** What a finished child printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Starts {@code Main args} on this JVM's java and classpath, with {@code env} added. */
  public static Process startMain(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.codebasemcp.Main");
    command.addAll(List.of(args));
    return start(command, env);
  }

  /** Starts any command with {@code env} added to (or, for null values, removed from) ours. */
  public static Process start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Path out = Files.createTempFile("child", ".out");
    Path err = Files.createTempFile("child", ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CODEBASE_MCP_"));
    env.forEach(
        (k, v) -> {
          if (v == null) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    Process process = builder.start();
    OUTPUTS.put(process, new Path[] {out, err});
    return process;
  }

  /** Waits for {@code process} (at most two minutes) and collects its output. */
  public static Result finish(Process process) throws IOException, InterruptedException {
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child process did not finish within 2 minutes");
    }
    Path[] files = OUTPUTS.remove(process);
    try {
      return new Result(
          process.exitValue(),
          Files.readString(files[0], StandardCharsets.UTF_8),
          Files.readString(files[1], StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(files[0]);
      Files.deleteIfExists(files[1]);
    }
  }

  public static Result runMain(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return finish(startMain(env, args));
  }

  private static final Map<Process, Path[]> OUTPUTS =
      new java.util.concurrent.ConcurrentHashMap<>();
}
