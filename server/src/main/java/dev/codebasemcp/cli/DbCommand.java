package dev.codebasemcp.cli;

import dev.codebasemcp.Main.UsageException;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.db.Database;
import dev.codebasemcp.db.ManagedPostgres;
import dev.codebasemcp.schema.MigrationResult;
import dev.codebasemcp.schema.RollbackResult;
import dev.codebasemcp.schema.SchemaMigrator;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code codebase-mcp db start|stop|status|migrate|rollback}: the database's life cycle from a
 * terminal. Results go to {@code out}, warnings to {@code err}.
 */
public final class DbCommand {
  /** Exit code of {@code db status} when the database is not running, as pg_ctl status uses. */
  public static final int NOT_RUNNING = 3;

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;

  public DbCommand(Config config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code db <args>}, returning the exit code. */
  public int run(List<String> args) {
    if (args.isEmpty()) {
      throw new UsageException("db needs a subcommand: start, stop, status, migrate or rollback");
    }
    String sub = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (sub) {
      case "start" -> noArguments(sub, rest, this::start);
      case "stop" -> noArguments(sub, rest, this::stop);
      case "status" -> noArguments(sub, rest, this::status);
      case "migrate" -> noArguments(sub, rest, this::migrate);
      case "rollback" -> rollback(rest);
      default -> throw new UsageException("unknown db subcommand '" + sub + "'");
    };
  }

  private int noArguments(String sub, List<String> rest, java.util.function.IntSupplier action) {
    if (!rest.isEmpty()) {
      throw new UsageException("db " + sub + " takes no arguments: got " + String.join(" ", rest));
    }
    return action.getAsInt();
  }

  private int start() {
    try (Database db = Database.open(config)) {
      out.printf(
          "Database ready: PostgreSQL %s with pgvector %s at %s%s%n",
          db.report().serverVersion(),
          db.report().vectorVersion(),
          db.url().display(),
          db.managed()
              ? " (managed, data in " + Database.managedCluster(config).dataDirectory() + ")"
              : "");
      return 0;
    }
  }

  private int stop() {
    if (config.databaseUrl().isPresent()) {
      err.println(
          "codebase-mcp: CODEBASE_MCP_DATABASE_URL is set; codebase-mcp does not stop that server.");
      return 1;
    }
    ManagedPostgres cluster = Database.managedCluster(config);
    out.println(
        cluster.stop()
            ? "Database stopped (" + cluster.dataDirectory() + ")"
            : "Database was not running (" + cluster.directory() + ")");
    return 0;
  }

  private int status() {
    if (config.databaseUrl().isPresent()) {
      try (Database db = Database.open(config)) {
        out.printf(
            "Database: %s (from CODEBASE_MCP_DATABASE_URL), PostgreSQL %s, pgvector %s%n",
            db.url().display(), db.report().serverVersion(), db.report().vectorVersion());
        return 0;
      }
    }
    ManagedPostgres.Status s = Database.managedCluster(config).status();
    if (!s.initialized()) {
      out.println("Database: not created yet (it will be, in " + s.directory() + ", on first use)");
      return NOT_RUNNING;
    }
    out.printf(
        "Database: %s%n  PostgreSQL %d, data in %s%n  listening on 127.0.0.1:%d%s%n  log: %s%n",
        s.running() ? "running (PID " + s.pid() + ")" : "stopped",
        s.majorVersion(),
        s.directory().resolve("data"),
        s.port(),
        s.socketDirectory().map(d -> " and in " + d + " (Unix socket)").orElse(""),
        s.logFile());
    if (s.running()) {
      out.printf(
          "  psql: PGPASSFILE=%s psql -h 127.0.0.1 -p %d -U %s %s%n",
          s.directory().resolve("pgpass"),
          s.port(),
          ManagedPostgres.DATABASE,
          ManagedPostgres.DATABASE);
    }
    return s.running() ? 0 : NOT_RUNNING;
  }

  private int migrate() {
    try (Database db = Database.open(config)) {
      report(db.registryMigrator().migrate());
      Workspaces workspaces = new Workspaces(db);
      for (Workspace workspace : workspaces.list()) {
        report(workspaces.migrator(workspace).migrate());
      }
      return 0;
    }
  }

  private void report(MigrationResult result) {
    out.println(
        result.migrationsApplied() == 0
            ? "%s: up to date at version %s".formatted(result.schema(), result.toVersion())
            : "%s: migrated from version %s to %s (%d migration%s)"
                .formatted(
                    result.schema(),
                    result.fromVersion(),
                    result.toVersion(),
                    result.migrationsApplied(),
                    result.migrationsApplied() == 1 ? "" : "s"));
  }

  private int rollback(List<String> args) {
    String to = null;
    String project = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--to" -> to = Arguments.value(args, ++i, "--to");
        case "--project" -> project = Arguments.value(args, ++i, "--project");
        default -> throw new UsageException("db rollback: unexpected argument '" + arg + "'");
      }
    }
    if (to == null) {
      throw new UsageException("db rollback needs --to <version> (0 undoes every migration)");
    }
    try (Database db = Database.open(config)) {
      SchemaMigrator migrator;
      if (project == null) {
        migrator = db.registryMigrator();
      } else {
        ProjectId id = ProjectId.of(project);
        Workspaces workspaces = new Workspaces(db);
        migrator = workspaces.migrator(workspaces.require(id));
      }
      List<String> plan = migrator.rollbackPlan(to);
      if (!plan.isEmpty()) {
        err.printf(
            "Warning: undoing %s in schema %s restores the structure only: data in the tables and"
                + " columns these migrations created is gone.%n",
            String.join(", ", plan), migrator.schema());
      }
      RollbackResult result = migrator.rollbackTo(to);
      out.println(
          result.undone().isEmpty()
              ? "%s: already at version %s, nothing to undo"
                  .formatted(result.schema(), result.fromVersion())
              : "%s: rolled back from version %s to %s (undid %s)"
                  .formatted(
                      result.schema(),
                      result.fromVersion(),
                      result.toVersion(),
                      String.join(", ", result.undone())));
      return 0;
    }
  }
}
