package dev.codebasemcp.bench;

import dev.codebasemcp.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's Markdown report: machine, command, one row per target, and notes. Not
 * thread-safe.
 */
final class Report {
  private record Row(String target, String goal, String measured, boolean met) {}

  private final List<String> machine = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String command = "scripts/bench";

  void command(String command) {
    this.command = command;
  }

  void machine(Engine engine) {
    machine.add(
        "CPU: "
            + cpuModel()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores available");
    machine.add("Memory: " + memTotal());
    machine.add("OS: " + osName() + ", kernel " + System.getProperty("os.version"));
    machine.add(
        "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.add(
        "PostgreSQL %s with pgvector %s (%s)"
            .formatted(
                engine.database().report().serverVersion(),
                engine.database().report().vectorVersion(),
                engine.database().managed() ? "the managed cluster" : "CODEBASE_MCP_DATABASE_URL"));
    machine.add(
        "Embedding model: %s, %d dimensions, max %d tokens"
            .formatted(
                engine.embedder().modelId(),
                engine.embedder().dimension(),
                engine.embedder().maxTokens()));
  }

  void target(String target, String goal, String measured, boolean met) {
    rows.add(new Row(target, goal, measured, met));
  }

  void note(String note) {
    notes.add(note);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# codebase-mcp benchmark report\n\n");
    md.append("Written by `scripts/bench` on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
        .append(". Every figure below was measured in that run.\n\n");
    md.append("## Machine\n\n");
    machine.forEach(m -> md.append("- ").append(m).append('\n'));
    md.append("\n## Command\n\n```sh\n").append(command).append("\n```\n\n");
    md.append("## Targets\n\n| Target | Goal | Measured | Verdict |\n|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ")
          .append(r.target())
          .append(" | ")
          .append(r.goal())
          .append(" | ")
          .append(r.measured())
          .append(" | ")
          .append(r.met() ? "met" : "**not met** (gap: see measured vs goal)")
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  private static String cpuModel() {
    return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
  }

  private static String memTotal() {
    return firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(
            v ->
                String.format(
                    Locale.ROOT, "%.1f GiB", Long.parseLong(v.replaceAll("\\D+", "")) / 1048576.0))
        .orElse("unknown");
  }

  private static String osName() {
    return firstValue(Path.of("/etc/os-release"), "PRETTY_NAME")
        .map(v -> v.replace("\"", ""))
        .orElse(System.getProperty("os.name"));
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          int sep = line.indexOf(line.contains(":") ? ':' : '=');
          return java.util.Optional.of(line.substring(sep + 1).strip());
        }
      }
    } catch (IOException e) {
      // not on Linux: fall back
    }
    return java.util.Optional.empty();
  }
}
