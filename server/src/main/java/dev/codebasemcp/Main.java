package dev.codebasemcp;

import dev.codebasemcp.bench.Benchmark;
import dev.codebasemcp.cli.DbCommand;
import dev.codebasemcp.cli.IndexCommand;
import dev.codebasemcp.cli.LogFile;
import dev.codebasemcp.cli.SearchCommand;
import dev.codebasemcp.cli.WorkerCommand;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.jobs.JobSettings;
import dev.codebasemcp.mcp.StdioServer;
import dev.codebasemcp.schema.MigrationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code codebase-mcp} with no arguments is the MCP stdio server; {@code db ...}
 * manages the database. Failures print one line on stderr and exit non-zero; a stack trace only
 * with {@code CODEBASE_MCP_LOG_LEVEL=debug}.
 */
public final class Main {
  static final String USAGE =
      """
      usage: codebase-mcp [command]

        (no command)          run the MCP stdio server (for MCP clients)
        worker                run queued indexing jobs without an MCP server (until SIGTERM)
        index <path> [--project ID] [--force]
                              index a repository (progress on stderr, summary at the end)
        search "<query>" [--project ID] [--lang L] [--path GLOB] [--exclude GLOB]
               [--repo PATH] [--limit N]
                              search an indexed workspace: path:start-end  symbol  score
        db start              create and start the managed PostgreSQL if needed
        db stop               stop the managed PostgreSQL
        db status             show the database's state (exit 3 when not running)
        db migrate            apply the registry's and every workspace's migrations
        db rollback --to V [--project ID]
                              undo migrations newer than V in one transaction, in the registry
                              or in one workspace (schema only: dropped data is gone)
        version               print the version
        help                  print this help

      Settings come from CODEBASE_MCP_* environment variables; see README.md.
      """;

  private Main() {}

  public static void main(String[] args) {
    configureLogging(System.getenv());
    // The CLI's results go to stdout; in server mode stdout carries only the MCP protocol.
    int exit = run(args, System.out, System.err, System.getenv());
    System.exit(exit);
  }

  /**
   * Runs one command.
   *
   * @return the process exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    List<String> arguments = Arrays.asList(args);
    String command = arguments.isEmpty() ? "" : arguments.get(0);
    try {
      switch (command) {
        case "" -> {
          return serve(out, env);
        }
        case "worker" -> {
          Config config = config(env);
          PrintStream log = config.logFile().map(f -> LogFile.tee(err, f)).orElse(err);
          return new WorkerCommand(config, env, log).run();
        }
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "version", "--version" -> {
          out.println("codebase-mcp " + version());
          return 0;
        }
        case "index" -> {
          return new IndexCommand(config(env), out, err)
              .run(arguments.subList(1, arguments.size()));
        }
        case "search" -> {
          return new SearchCommand(config(env), out, err)
              .run(arguments.subList(1, arguments.size()));
        }
        case "bench" -> {
          List<String> rest = arguments.subList(1, arguments.size());
          boolean valid =
              (rest.size() == 2 || rest.size() == 4)
                  && rest.get(0).equals("--report")
                  && (rest.size() == 2
                      || (rest.get(2).equals("--only")
                          && List.of("search", "mcp").contains(rest.get(3))));
          if (!valid) {
            throw new UsageException(
                "bench needs --report <file> [--only search|mcp] (run it through scripts/bench)");
          }
          return Benchmark.run(
              config(env), Path.of(rest.get(1)), rest.size() == 4 ? rest.get(3) : null, err);
        }
        case "db" -> {
          Config config = config(env);
          return new DbCommand(config, out, err).run(arguments.subList(1, arguments.size()));
        }
        default -> {
          err.println("codebase-mcp: unknown command '" + command + "'");
          err.print(USAGE);
          return 2;
        }
      }
    } catch (UsageException e) {
      err.println("codebase-mcp: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (CodebaseMcpException | MigrationException e) {
      err.println("codebase-mcp: " + e.getMessage());
      log().debug("Details", e);
      return 1;
    } catch (Exception e) {
      err.println(
          "codebase-mcp: unexpected error: %s (set CODEBASE_MCP_LOG_LEVEL=debug for details)"
              .formatted(e));
      log().debug("Details", e);
      return 1;
    }
  }

  /**
   * The MCP stdio server. {@code out} carries the protocol and nothing else: while it runs,
   * anything else written to {@code System.out} goes to stderr.
   */
  private static int serve(PrintStream out, Map<String, String> env) {
    boolean protocolOnStdout = out == System.out;
    Config config = config(env);
    config.logFile().ifPresent(file -> LogFile.tee(System.err, file));
    if (protocolOnStdout) {
      System.setOut(System.err); // the log (and its file copy, if any)
    }
    JobSettings jobs = JobSettings.fromEnvironment(env);
    StdioServer server = StdioServer.start(Engine.open(config), jobs, version(), System.in, out);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mcp-shutdown"));
    server.awaitInputClosed();
    server.close();
    return 0;
  }

  private static Config config(Map<String, String> env) {
    Config config = Config.fromEnvironment(env, System.getProperty("user.home"));
    config.warnings().forEach(w -> log().warn(w));
    return config;
  }

  /** Sets the log level before the first logger exists; an invalid level is reported by Config. */
  static void configureLogging(Map<String, String> env) {
    String level = env.getOrDefault(Config.LOG_LEVEL, "info").strip().toLowerCase(Locale.ROOT);
    if (!List.of("error", "warn", "info", "debug", "trace").contains(level)) {
      level = "info";
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }

  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  /** A command line that does not parse; the message says what is wrong. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }
}
