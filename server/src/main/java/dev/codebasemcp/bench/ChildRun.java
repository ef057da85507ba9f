package dev.codebasemcp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs {@code codebase-mcp index} in a child process through the launcher users run, sampling its
 * resident memory from /proc while it works.
 *
 * @param summary what the command printed on stdout
 * @param peakRssBytes the highest resident set size seen (VmHWM, else the largest VmRSS sample)
 * @param wallTime how long it ran
 */
record ChildRun(String summary, long peakRssBytes, Duration wallTime) {
  /** The launcher, as scripts/codebase-mcp passes it in a system property. */
  static final String LAUNCHER_PROPERTY = "codebase.mcp.launcher";

  static ChildRun index(Path repo, String project, PrintStream log)
      throws IOException, InterruptedException {
    String launcher = System.getProperty(LAUNCHER_PROPERTY);
    if (launcher == null) {
      throw new IllegalStateException("run the benchmark through scripts/bench");
    }
    Path out = Files.createTempFile("bench-index", ".out");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(List.of(launcher, "index", repo.toString(), "--project", project))
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long peak = 0;
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    while (process.isAlive()) {
      peak = Math.max(peak, memory(status));
      Thread.sleep(100);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    String summary = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "the child index run failed with exit " + process.exitValue());
    }
    log.print(summary);
    return new ChildRun(summary, peak, wall);
  }

  /** VmHWM (peak so far) of a live process, in bytes; 0 when it cannot be read. */
  private static long memory(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended between the check and the read
    }
    return 0;
  }
}
