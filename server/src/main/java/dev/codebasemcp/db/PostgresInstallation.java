package dev.codebasemcp.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server installation on this machine: the directory holding {@code postgres}, {@code
 * initdb} and {@code pg_ctl}, and its major version. Immutable.
 *
 * @param binDir the directory of the server programs
 * @param majorVersion such as 15 or 17
 */
record PostgresInstallation(Path binDir, int majorVersion) {
  /** The oldest major version codebase-mcp runs on (gen_random_uuid in core, pgvector 0.7). */
  static final int MINIMUM_MAJOR = 13;

  private static final List<String> PROGRAMS = List.of("postgres", "initdb", "pg_ctl");

  Path program(String name) {
    return binDir.resolve(name);
  }

  /**
   * Finds the installation to run the managed cluster with.
   *
   * @param configured a directory named by the user, which then must be a valid installation
   * @param requiredMajor the major version an existing data directory was created with, or 0
   */
  static PostgresInstallation find(Optional<Path> configured, int requiredMajor) {
    if (configured.isPresent()) {
      Path dir = configured.get();
      PostgresInstallation found =
          at(dir)
              .orElseThrow(
                  () ->
                      new DatabaseException(
                          "CODEBASE_MCP_PG_BINDIR=%s holds no PostgreSQL server (it needs %s)."
                              .formatted(dir, String.join(", ", PROGRAMS))));
      return check(found, requiredMajor, List.of(found));
    }
    List<PostgresInstallation> candidates = candidates();
    if (candidates.isEmpty()) {
      throw new DatabaseException(
          "No PostgreSQL server found (looked in /usr/lib/postgresql/*/bin, Homebrew and PATH)."
              + " Run scripts/provision to install PostgreSQL and pgvector, set"
              + " CODEBASE_MCP_PG_BINDIR to the directory holding pg_ctl, or set"
              + " CODEBASE_MCP_DATABASE_URL to use an existing server.");
    }
    if (requiredMajor > 0) {
      Optional<PostgresInstallation> match =
          candidates.stream().filter(c -> c.majorVersion == requiredMajor).findFirst();
      return check(match.orElse(candidates.get(0)), requiredMajor, candidates);
    }
    return check(candidates.get(0), requiredMajor, candidates);
  }

  private static PostgresInstallation check(
      PostgresInstallation chosen, int requiredMajor, List<PostgresInstallation> all) {
    if (requiredMajor > 0 && chosen.majorVersion != requiredMajor) {
      throw new DatabaseException(
          ("The managed database was created by PostgreSQL %d, but only PostgreSQL %s is installed."
                  + " Install PostgreSQL %d again, or move the old data directory away to start"
                  + " afresh (its index is then rebuilt by re-indexing).")
              .formatted(
                  requiredMajor,
                  String.join(
                      ", ", all.stream().map(i -> Integer.toString(i.majorVersion)).toList()),
                  requiredMajor));
    }
    if (chosen.majorVersion < MINIMUM_MAJOR) {
      throw new DatabaseException(
          "PostgreSQL %d at %s is too old: codebase-mcp needs %d or newer."
              .formatted(chosen.majorVersion, chosen.binDir, MINIMUM_MAJOR));
    }
    return chosen;
  }

  /** Installations found on this machine, newest major version first. */
  static List<PostgresInstallation> candidates() {
    List<Path> dirs = new ArrayList<>();
    dirs.addAll(children(Path.of("/usr/lib/postgresql"), "bin"));
    for (String brew : List.of("/opt/homebrew/opt", "/usr/local/opt")) {
      dirs.addAll(
          children(Path.of(brew), "bin").stream()
              .filter(p -> p.getParent().getFileName().toString().startsWith("postgresql"))
              .toList());
    }
    dirs.addAll(children(Path.of("/usr/pgsql"), "bin"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(":")) {
        if (!entry.isEmpty()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    return dirs.stream()
        .distinct()
        .map(PostgresInstallation::at)
        .flatMap(Optional::stream)
        .distinct()
        .sorted(Comparator.comparingInt(PostgresInstallation::majorVersion).reversed())
        .toList();
  }

  private static List<Path> children(Path parent, String sub) {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(parent)) {
      return children.map(c -> c.resolve(sub)).filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<PostgresInstallation> at(Path dir) {
    for (String program : PROGRAMS) {
      if (!Files.isExecutable(dir.resolve(program))) {
        return Optional.empty();
      }
    }
    Commands.Result version =
        Commands.run(
            List.of(dir.resolve("postgres").toString(), "--version"),
            null,
            null,
            java.time.Duration.ofSeconds(10));
    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    var matcher =
        java.util.regex.Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(version.output());
    if (!version.ok() || !matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PostgresInstallation(dir.toRealPath(), Integer.parseInt(matcher.group(1))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
