package dev.codebasemcp.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's {@code postmaster.pid}, read to tell whether the server runs and on which port, and
 * cleaned up after a crash when postgres could not do it itself. Stateless: each call reads the
 * file afresh.
 */
final class PostmasterPidFile {
  private static final Logger LOG = LoggerFactory.getLogger(PostmasterPidFile.class);

  private final Path file;

  private PostmasterPidFile(Path file) {
    this.file = file;
  }

  static PostmasterPidFile in(Path dataDirectory) {
    return new PostmasterPidFile(dataDirectory.resolve("postmaster.pid"));
  }

  /** A running server: its postmaster's PID and its port. */
  record Running(long pid, int port) {}

  private enum State {
    RUNNING,
    /** The process is gone: postgres itself removes such a file at start, after its own checks. */
    GONE,
    /** The PID now belongs to another program (reused after a crash or reboot). */
    FOREIGN
  }

  private record Contents(long pid, int port, State state) {}

  /** The server, when the file names a live postgres process. Changes nothing. */
  Optional<Running> running() {
    return read().filter(c -> c.state() == State.RUNNING).map(c -> new Running(c.pid(), c.port()));
  }

  /**
   * Removes the file when its PID now belongs to another program: postgres would take that for a
   * running server and refuse to start. (A dead PID postgres handles itself, and its shared-memory
   * check still catches server processes of the crashed postmaster that are still attached.)
   */
  void removeIfForeign() {
    Optional<Contents> contents = read();
    if (contents.isEmpty() || contents.get().state() != State.FOREIGN) {
      return;
    }
    LOG.warn(
        "Removing a stale {}: PID {} is now another program (the database did not shut down"
            + " cleanly)",
        file,
        contents.get().pid());
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new DatabaseException("Cannot remove the stale " + file + ": " + e.getMessage(), e);
    }
  }

  private Optional<Contents> read() {
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (lines.size() < 4) {
      return Optional.empty();
    }
    long pid;
    int port;
    try {
      pid = Long.parseLong(lines.get(0).strip());
      port = Integer.parseInt(lines.get(3).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return Optional.of(new Contents(pid, port, State.GONE));
    }
    Optional<String> command = process.get().info().command();
    // When the command cannot be read (another user's process), trust the file.
    boolean postgres =
        command.map(c -> c.endsWith("/postgres") || c.endsWith("/postmaster")).orElse(true);
    return Optional.of(new Contents(pid, port, postgres ? State.RUNNING : State.FOREIGN));
  }
}
