package dev.codebasemcp.config;

import dev.codebasemcp.db.DatabaseUrl;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of codebase-mcp, read from {@code CODEBASE_MCP_*} environment variables and
 * validated once at start: a bad value fails fast with a message naming the variable. Immutable.
 *
 * @param home where codebase-mcp keeps its data ({@code CODEBASE_MCP_HOME})
 * @param databaseUrl an existing PostgreSQL to use instead of the managed one
 * @param poolSize the most database connections one process opens
 * @param postgresBinDir the PostgreSQL installation the managed cluster runs, when not found
 *     automatically
 * @param postgresPort the loopback port the managed cluster prefers
 * @param logLevel error, warn, info or debug
 * @param logFile where the server and the worker also write their log, if anywhere
 * @param indexNice the nice value indexing runs at: chunking and embedding threads and the database
 *     sessions writing the index (0 to 19; 0: no lower than the rest)
 * @param warnings settings that were ignored, such as misspelt variable names
 */
public record Config(
    Path home,
    Optional<DatabaseUrl> databaseUrl,
    int poolSize,
    Optional<Path> postgresBinDir,
    int postgresPort,
    String logLevel,
    Optional<Path> logFile,
    int indexNice,
    List<String> warnings) {

  public static final String HOME = "CODEBASE_MCP_HOME";
  public static final String DATABASE_URL = "CODEBASE_MCP_DATABASE_URL";
  public static final String DB_POOL_SIZE = "CODEBASE_MCP_DB_POOL_SIZE";
  public static final String PG_BINDIR = "CODEBASE_MCP_PG_BINDIR";
  public static final String PG_PORT = "CODEBASE_MCP_PG_PORT";
  public static final String LOG_LEVEL = "CODEBASE_MCP_LOG_LEVEL";
  public static final String INDEX_NICE = "CODEBASE_MCP_INDEX_NICE";
  public static final String LOG_FILE = "CODEBASE_MCP_LOG_FILE";

  /** Read by scripts/codebase-mcp, not by the server: extra JVM options. */
  public static final String JAVA_OPTS = "CODEBASE_MCP_JAVA_OPTS";

  /** Read by the scripts, not by the server: where to look for a JDK >= 21. */
  public static final String JDK_SEARCH_PATH = "CODEBASE_MCP_JDK_SEARCH_PATH";

  /** Every variable codebase-mcp reads; any other {@code CODEBASE_MCP_*} name is a warning. */
  public static final Set<String> KNOWN =
      Set.of(
          HOME,
          DATABASE_URL,
          DB_POOL_SIZE,
          PG_BINDIR,
          PG_PORT,
          LOG_LEVEL,
          INDEX_NICE,
          LOG_FILE,
          JAVA_OPTS,
          JDK_SEARCH_PATH,
          // Read by dev.codebasemcp.jobs.JobSettings.
          "CODEBASE_MCP_MAX_JOBS",
          "CODEBASE_MCP_JOB_LEASE_SECONDS",
          // Read by dev.codebasemcp.embed.EmbeddingSettings (named here, not imported: embed
          // depends on config, not the other way round).
          "CODEBASE_MCP_EMBEDDING_PROVIDER",
          "CODEBASE_MCP_EMBEDDING_MODEL",
          "CODEBASE_MCP_EMBEDDING_URL",
          "CODEBASE_MCP_EMBEDDING_API_KEY",
          "CODEBASE_MCP_EMBEDDING_BATCH_SIZE",
          "CODEBASE_MCP_EMBEDDING_THREADS",
          "CODEBASE_MCP_EMBEDDING_TIMEOUT_SECONDS",
          "CODEBASE_MCP_EMBEDDING_DIMENSION",
          "CODEBASE_MCP_EMBEDDING_MAX_TOKENS");

  public static final int DEFAULT_POOL_SIZE = 10;
  public static final int DEFAULT_PG_PORT = 54329;

  /**
   * The lowest priority, as background indexers such as updatedb use: requests preempt indexing at
   * once (measured: status polls under load p95 6.5-8.2 ms against 8.2-10.3 ms at 10); on an idle
   * machine indexing runs at full speed, next to busy programs it mostly waits.
   */
  public static final int DEFAULT_INDEX_NICE = 19;

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  public Config {
    if (!home.isAbsolute()) {
      throw new ConfigException(HOME + " must be an absolute path: got '" + home + "'");
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new ConfigException(DB_POOL_SIZE + " must be between 1 and 200: got " + poolSize);
    }
    if (postgresPort < 1024 || postgresPort > 65535) {
      throw new ConfigException(PG_PORT + " must be between 1024 and 65535: got " + postgresPort);
    }
    if (!LOG_LEVELS.contains(logLevel)) {
      throw new ConfigException(
          LOG_LEVEL + " must be one of " + new TreeSet<>(LOG_LEVELS) + ": got '" + logLevel + "'");
    }
    if (indexNice < 0 || indexNice > 19) {
      throw new ConfigException(INDEX_NICE + " must be between 0 and 19: got " + indexNice);
    }
    warnings = List.copyOf(warnings);
  }

  /** Reads the process environment. */
  public static Config fromEnvironment() {
    return fromEnvironment(System.getenv(), System.getProperty("user.home"));
  }

  /**
   * Reads settings from {@code env}.
   *
   * @param userHome the user's home directory, the base of the default {@code CODEBASE_MCP_HOME}
   */
  public static Config fromEnvironment(Map<String, String> env, String userHome) {
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("CODEBASE_MCP_") && !KNOWN.contains(name)) {
        warnings.add(
            "ignoring unknown setting "
                + name
                + " (known: "
                + String.join(", ", new TreeSet<>(KNOWN))
                + ")");
      }
    }
    Path home =
        value(env, HOME).map(v -> path(HOME, v)).orElseGet(() -> defaultHome(env, userHome));
    Optional<DatabaseUrl> url = value(env, DATABASE_URL).map(DatabaseUrl::parse);
    int poolSize =
        value(env, DB_POOL_SIZE).map(v -> integer(DB_POOL_SIZE, v)).orElse(DEFAULT_POOL_SIZE);
    Optional<Path> binDir = value(env, PG_BINDIR).map(v -> path(PG_BINDIR, v));
    int port = value(env, PG_PORT).map(v -> integer(PG_PORT, v)).orElse(DEFAULT_PG_PORT);
    String logLevel = value(env, LOG_LEVEL).map(v -> v.toLowerCase(Locale.ROOT)).orElse("info");
    Optional<Path> logFile = logFile(value(env, LOG_FILE), home);
    int indexNice =
        value(env, INDEX_NICE).map(v -> integer(INDEX_NICE, v)).orElse(DEFAULT_INDEX_NICE);
    if (url.isPresent() && (binDir.isPresent() || env.containsKey(PG_PORT))) {
      warnings.add(
          DATABASE_URL
              + " is set, so the managed cluster settings "
              + PG_BINDIR
              + " and "
              + PG_PORT
              + " are not used");
    }
    return new Config(home, url, poolSize, binDir, port, logLevel, logFile, indexNice, warnings);
  }

  /** Where the managed PostgreSQL cluster lives: {@code $CODEBASE_MCP_HOME/postgres}. */
  public Path postgresDir() {
    return home.resolve("postgres");
  }

  private static Path defaultHome(Map<String, String> env, String userHome) {
    Optional<String> xdg = value(env, "XDG_DATA_HOME").filter(v -> v.startsWith("/"));
    if (xdg.isPresent()) {
      return Path.of(xdg.get(), "codebase-mcp");
    }
    if (userHome == null || userHome.isBlank() || userHome.equals("?")) {
      throw new ConfigException(
          "Cannot tell where to keep data: the home directory is unknown. Set " + HOME + ".");
    }
    return Path.of(userHome, ".local", "share", "codebase-mcp");
  }

  /** on: {@code $CODEBASE_MCP_HOME/logs/codebase-mcp.log}; off (or unset): none; else a path. */
  private static Optional<Path> logFile(Optional<String> value, Path home) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().toLowerCase(Locale.ROOT);
    if (List.of("off", "false", "0", "no").contains(v)) {
      return Optional.empty();
    }
    if (List.of("on", "true", "1", "yes").contains(v)) {
      return Optional.of(home.resolve("logs").resolve("codebase-mcp.log"));
    }
    try {
      Path path = Path.of(value.get());
      if (path.isAbsolute()) {
        return Optional.of(path.normalize());
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw new ConfigException(
        LOG_FILE + " must be on, off or an absolute file path: got '" + value.get() + "'");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Path path(String name, String value) {
    try {
      Path path = Path.of(value);
      if (!path.isAbsolute()) {
        throw new ConfigException(name + " must be an absolute path: got '" + value + "'");
      }
      return path.normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(name + " is not a valid path: '" + value + "'");
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number: got '" + value + "'");
    }
  }
}
