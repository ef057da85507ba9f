package dev.codebasemcp.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private PostgreSQL cluster codebase-mcp runs for itself under {@code
 * $CODEBASE_MCP_HOME/postgres}: created on first use, started on demand, listening on a Unix socket
 * in that directory and on a loopback port, and left running for every other codebase-mcp process
 * to share until {@link #stop()}.
 *
 * <p>Starting is idempotent and safe when several processes start at once (a file lock, plus a JVM
 * lock for threads of one process); a postmaster.pid left by a crash is recognised and removed.
 * When this process is root, the cluster runs as the unprivileged system user {@value
 * ClusterUser#SYSTEM_USER}, because initdb and postgres refuse to run as root. Thread-safe.
 */
public final class ManagedPostgres {
  /** The cluster's superuser, and the database codebase-mcp uses in it. */
  public static final String DATABASE = "codebase_mcp";

  private static final Logger LOG = LoggerFactory.getLogger(ManagedPostgres.class);
  private static final String CONF_FILE = "codebase-mcp.conf";

  /** Unix socket paths are limited to 107 bytes; {@code /.s.PGSQL.65535} takes 16 of them. */
  private static final int MAX_SOCKET_DIR_LENGTH = 90;

  private final Path dir;
  private final Optional<Path> configuredBinDir;
  private final int preferredPort;

  /**
   * @param dir the cluster's directory, {@code $CODEBASE_MCP_HOME/postgres}
   * @param configuredBinDir the PostgreSQL installation to use, when the user named one
   * @param preferredPort the loopback port to listen on when it is free
   */
  public ManagedPostgres(Path dir, Optional<Path> configuredBinDir, int preferredPort) {
    this.dir = dir.toAbsolutePath().normalize();
    this.configuredBinDir = configuredBinDir;
    this.preferredPort = preferredPort;
  }

  /** What {@link #status()} found. */
  public record Status(
      Path directory,
      boolean initialized,
      boolean running,
      long pid,
      int port,
      Optional<Path> socketDirectory,
      int majorVersion,
      Path logFile) {}

  public Path directory() {
    return dir;
  }

  public Path dataDirectory() {
    return dir.resolve("data");
  }

  public Path logFile() {
    return dir.resolve("postgresql.log");
  }

  Path passwordFile() {
    return dir.resolve("pgpass");
  }

  /**
   * Creates the cluster if needed, starts it if it is not running, and makes sure database {@value
   * #DATABASE} exists.
   *
   * @return how to connect to it
   */
  public DatabaseUrl start() {
    return ClusterLock.of(dir)
        .run(
            () -> {
              if (dataMajorVersion() != 0) {
                Optional<PostmasterPidFile.Running> running = probe();
                if (running.isPresent()) {
                  // Already running (the usual case): its directory, installation and database
                  // were all set up when it started. Database.open makes the database again
                  // should it have been dropped since.
                  return DatabaseUrl.of(
                      "127.0.0.1", running.get().port(), DATABASE, DATABASE, password());
                }
              }
              ClusterUser user = ClusterUser.forThisProcess();
              prepareDirectory(user);
              int existingMajor = dataMajorVersion();
              PostgresInstallation pg = PostgresInstallation.find(configuredBinDir, existingMajor);
              if (existingMajor == 0) {
                initialize(pg, user);
              }
              Optional<PostmasterPidFile.Running> running = probe();
              int port;
              if (running.isPresent()) {
                port = running.get().port(); // started by another process just now
              } else {
                PostmasterPidFile.in(dataDirectory()).removeIfForeign();
                port = startServer(pg, user);
              }
              ensureDatabase(port);
              return DatabaseUrl.of("127.0.0.1", port, DATABASE, DATABASE, password());
            });
  }

  /**
   * Stops the cluster (fast shutdown: open transactions roll back, committed data is safe).
   *
   * @return false when it was not running
   */
  public boolean stop() {
    return ClusterLock.of(dir)
        .run(
            () -> {
              if (dataMajorVersion() == 0 || probe().isEmpty()) {
                return false;
              }
              PostgresInstallation pg =
                  PostgresInstallation.find(configuredBinDir, dataMajorVersion());
              Commands.Result result =
                  Commands.run(
                      List.of(
                          pg.program("pg_ctl").toString(),
                          "stop",
                          "-D",
                          dataDirectory().toString(),
                          "-m",
                          "fast",
                          "-w",
                          "-t",
                          "60"),
                      dir,
                      ClusterUser.forThisProcess().runAs(),
                      Duration.ofSeconds(90));
              if (!result.ok()) {
                throw new DatabaseException(
                    "Could not stop the database in %s (pg_ctl exit %d): %s"
                        .formatted(dataDirectory(), result.exitCode(), result.tail(5)));
              }
              return true;
            });
  }

  /** Reports the cluster's state without changing it. */
  public Status status() {
    int major = dataMajorVersion();
    Optional<PostmasterPidFile.Running> running = major == 0 ? Optional.empty() : probe();
    int port = running.map(PostmasterPidFile.Running::port).orElseGet(this::configuredPort);
    return new Status(
        dir,
        major > 0,
        running.isPresent(),
        running.map(PostmasterPidFile.Running::pid).orElse(0L),
        port,
        socketDirectory(),
        major,
        logFile());
  }

  /** The password of the cluster's superuser, created with the cluster. */
  String password() {
    try {
      String line = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
      // pgpass format: hostname:port:database:username:password
      return line.substring(line.lastIndexOf(':') + 1);
    } catch (IOException e) {
      throw new DatabaseException(
          "Cannot read the database password from %s: %s. If the file is lost, stop the database"
                  .formatted(passwordFile(), e.getMessage())
              + " and move the directory "
              + dir
              + " away to start afresh.",
          e);
    }
  }

  // --- creation -------------------------------------------------------------------------------

  private void prepareDirectory(ClusterUser user) {
    try {
      Files.createDirectories(dir);
      // Only the cluster's user needs in: the log and the password file live here.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (FileSystemException e) {
      throw unwritable(dir, e);
    } catch (IOException e) {
      throw new DatabaseException("Cannot create the database directory " + dir + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new DatabaseException(
          "The database directory %s is not writable. Set CODEBASE_MCP_HOME to a writable directory."
              .formatted(dir));
    }
    user.prepare(dir);
  }

  static DatabaseException unwritable(Path dir, FileSystemException e) {
    String reason =
        e instanceof AccessDeniedException
            ? "permission denied"
            : Optional.ofNullable(e.getReason()).orElse(e.getClass().getSimpleName());
    return new DatabaseException(
        "Cannot create the database directory %s: %s%s. Set CODEBASE_MCP_HOME to a writable directory."
            .formatted(
                dir,
                reason,
                e.getFile() != null && !e.getFile().equals(dir.toString())
                    ? " (" + e.getFile() + ")"
                    : ""),
        e);
  }

  private int dataMajorVersion() {
    Path versionFile = dataDirectory().resolve("PG_VERSION");
    try {
      return Files.exists(versionFile)
          ? Integer.parseInt(Files.readString(versionFile).strip())
          : 0;
    } catch (IOException | NumberFormatException e) {
      throw new DatabaseException("Cannot read " + versionFile + ": " + e.getMessage(), e);
    }
  }

  private void initialize(PostgresInstallation pg, ClusterUser user) {
    LOG.info(
        "Creating the codebase-mcp database cluster in {} (PostgreSQL {})", dir, pg.majorVersion());
    String password = newPassword();
    Path pwfile = dir.resolve("initdb.pw");
    try {
      if (Files.exists(dataDirectory())) {
        // A data directory without PG_VERSION is what an interrupted initdb leaves behind.
        user.removeTree(dataDirectory());
      }
      writePrivate(pwfile, password + "\n");
      user.own(pwfile);
      Commands.Result result =
          Commands.run(
              List.of(
                  pg.program("initdb").toString(),
                  "-D",
                  dataDirectory().toString(),
                  "-U",
                  DATABASE,
                  "--pwfile=" + pwfile,
                  "--auth=scram-sha-256",
                  "-E",
                  "UTF8",
                  "--no-locale"),
              dir,
              user.runAs(),
              Duration.ofMinutes(3));
      if (!result.ok()) {
        throw new DatabaseException(
            "initdb failed to create %s (exit %d): %s"
                .formatted(dataDirectory(), result.exitCode(), result.tail(8)));
      }
      writePrivate(passwordFile(), "*:*:*:" + DATABASE + ":" + password + "\n");
      Path conf = dataDirectory().resolve("postgresql.conf");
      Files.writeString(
          conf,
          "\n# codebase-mcp: its own settings (listen address, port, socket, memory)\n"
              + "include_if_exists = '"
              + CONF_FILE
              + "'\n",
          StandardOpenOption.APPEND);
      writeConf(preferredPort, user);
    } catch (IOException e) {
      throw new DatabaseException("Cannot create the database cluster in " + dir + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(pwfile);
      } catch (IOException e) {
        LOG.warn("Could not delete {}: {}", pwfile, e.toString());
      }
    }
  }

  private void writeConf(int port, ClusterUser user) throws IOException {
    Path conf = dataDirectory().resolve(CONF_FILE);
    String socketDirs = socketDirectory().map(p -> quote(p.toString())).orElse("''");
    String text =
        """
        # Written by codebase-mcp at every start; edits here are overwritten.
        listen_addresses = '127.0.0.1'
        port = %d
        unix_socket_directories = %s
        max_connections = 200
        shared_buffers = '256MB'
        maintenance_work_mem = '512MB'
        work_mem = '16MB'
        log_min_messages = warning
        log_line_prefix = '%%m [%%p] '
        """
            .formatted(port, socketDirs);
    Files.writeString(conf, text, StandardCharsets.UTF_8);
    user.own(conf);
  }

  private int configuredPort() {
    Path conf = dataDirectory().resolve(CONF_FILE);
    try {
      if (Files.exists(conf)) {
        for (String line : Files.readAllLines(conf)) {
          if (line.startsWith("port = ")) {
            return Integer.parseInt(line.substring("port = ".length()).strip());
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("Cannot read {}: {}", conf, e.toString());
    }
    return preferredPort;
  }

  private Optional<Path> socketDirectory() {
    return dir.toString().length() <= MAX_SOCKET_DIR_LENGTH ? Optional.of(dir) : Optional.empty();
  }

  // --- running ----------------------------------------------------------------------------------

  private Optional<PostmasterPidFile.Running> probe() {
    return PostmasterPidFile.in(dataDirectory()).running();
  }

  private int startServer(PostgresInstallation pg, ClusterUser user) {
    int port = choosePort();
    for (int attempt = 1; ; attempt++) {
      try {
        writeConf(port, user);
      } catch (IOException e) {
        throw new DatabaseException("Cannot write the database settings: " + e, e);
      }
      long logOffset = size(logFile());
      Commands.Result result =
          Commands.run(
              List.of(
                  pg.program("pg_ctl").toString(),
                  "start",
                  "-D",
                  dataDirectory().toString(),
                  "-l",
                  logFile().toString(),
                  "-w",
                  "-t",
                  "60",
                  "-s"),
              dir,
              user.runAs(),
              Duration.ofSeconds(90));
      if (result.ok()) {
        LOG.info("Started PostgreSQL {} on 127.0.0.1:{} ({})", pg.majorVersion(), port, dir);
        return port;
      }
      String log = readFrom(logFile(), logOffset);
      if (attempt < 3 && log.contains("could not bind")) {
        LOG.warn("Port {} was taken while the database started; trying another", port);
        port = freePort();
        continue;
      }
      if (attempt < 20 && log.contains("is still in use")) {
        // Server processes of a crashed postmaster are still exiting; they go within moments.
        LOG.warn("Old database processes are still exiting; waiting to start");
        sleep(Duration.ofMillis(500));
        continue;
      }
      throw new DatabaseException(
          "The database in %s did not start (pg_ctl exit %d). %s%nLast lines of %s:%n%s"
              .formatted(
                  dataDirectory(),
                  result.exitCode(),
                  result.tail(3),
                  logFile(),
                  tail(log.isBlank() ? result.output() : log, 8)));
    }
  }

  private int choosePort() {
    int configured = configuredPort();
    if (isFree(configured)) {
      return configured;
    }
    if (configured != preferredPort && isFree(preferredPort)) {
      return preferredPort;
    }
    int port = freePort();
    LOG.info("Port {} is in use; the database listens on {} instead", configured, port);
    return port;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new DatabaseException("Cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  /** Creates database {@value #DATABASE} in the running cluster if it is missing. */
  void ensureDatabase() {
    ensureDatabase(
        probe()
            .orElseThrow(() -> new DatabaseException("The managed cluster in " + dir + " stopped"))
            .port());
  }

  private void ensureDatabase(int port) {
    DatabaseUrl admin = DatabaseUrl.of("127.0.0.1", port, "postgres", DATABASE, password());
    Connections.createDatabaseIfMissing(admin, DATABASE);
  }

  // --- small helpers ----------------------------------------------------------------------------

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("Interrupted while waiting for the database", e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String readFrom(Path file, long offset) {
    try {
      byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = new ArrayList<>(List.of(text.strip().split("\n")));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
