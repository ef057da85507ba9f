package dev.codebasemcp.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises starting and stopping one managed cluster: across processes with a file lock on {@code
 * cluster.lock} in its directory, and across threads of this process with a lock per directory (a
 * JVM may hold a file lock only once). Waits at most two minutes. Thread-safe.
 */
final class ClusterLock {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;

  private ClusterLock(Path dir) {
    this.dir = dir;
  }

  static ClusterLock of(Path dir) {
    return new ClusterLock(dir);
  }

  /** Runs {@code action} holding the lock. */
  <T> T run(Supplier<T> action) {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    try {
      if (!jvmLock.tryLock(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw timeout();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("Interrupted while waiting for the database lock", e);
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
          FileChannel.open(
              dir.resolve("cluster.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = acquire(channel);
        try {
          return action.get();
        } finally {
          lock.release();
        }
      }
    } catch (FileSystemException e) {
      throw ManagedPostgres.unwritable(dir, e);
    } catch (IOException e) {
      throw new DatabaseException("Cannot lock " + dir + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  private FileLock acquire(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() > deadline) {
        throw timeout();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseException("Interrupted while waiting for the database lock", e);
      }
    }
  }

  private DatabaseException timeout() {
    return new DatabaseException(
        "Another codebase-mcp process has held the lock on %s for over %d s while starting or"
                .formatted(dir, TIMEOUT.toSeconds())
            + " stopping the database; if none is running, try again.");
  }
}
