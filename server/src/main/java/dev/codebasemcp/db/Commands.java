package dev.codebasemcp.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs external programs (initdb, pg_ctl, useradd, ...) with their output captured, never
 * inherited: stdout of the server is the MCP protocol. Programs for the cluster run as the
 * cluster's user through {@code runuser} when this process is root. Stateless and thread-safe.
 */
final class Commands {
  private Commands() {}

  /** What a finished program printed (stdout and stderr merged) and its exit code. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The output's last lines, for error messages. */
    String tail(int lines) {
      String[] all = output.strip().split("\n");
      int from = Math.max(0, all.length - lines);
      return String.join("\n", List.of(all).subList(from, all.length));
    }
  }

  /**
   * Runs {@code command} in {@code directory}, waiting at most {@code timeout}.
   *
   * @param asUser the user to run as (through runuser), or null for this process's user
   */
  static Result run(List<String> command, Path directory, String asUser, Duration timeout) {
    List<String> full = new ArrayList<>();
    if (asUser != null) {
      full.addAll(List.of("runuser", "-u", asUser, "--"));
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Map<String, String> env = builder.environment();
    // The cluster's settings come from its own files, never from the caller's libpq variables.
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new DatabaseException("Cannot run " + full.get(0) + ": " + e.getMessage(), e);
    }
    try (InputStream out = process.getInputStream()) {
      // Read on a virtual thread so that a program which never exits cannot hang us.
      FutureTask<String> output =
          new FutureTask<>(() -> new String(out.readAllBytes(), StandardCharsets.UTF_8));
      Thread.ofVirtual().start(output);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DatabaseException(
            "%s did not finish within %d s"
                .formatted(String.join(" ", command), timeout.toSeconds()));
      }
      return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new DatabaseException("Interrupted while running " + full.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new DatabaseException(
          "Cannot read the output of " + full.get(0) + ": a child process kept it open", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
