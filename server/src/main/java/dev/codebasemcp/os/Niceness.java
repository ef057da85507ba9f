package dev.codebasemcp.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background CPU priority for indexing. Chunking, embedding and the database sessions that write
 * the index run at a higher nice value than the rest, so the server's own answers (a status poll, a
 * search) and the user's other programs get a core at once while both are busy; on an otherwise
 * idle machine indexing runs as fast as before. Linux only, where a nice value belongs to a thread:
 * elsewhere, or when {@code renice} is missing or refuses, nothing changes (logged at debug).
 * Thread-safe; stateless.
 */
public final class Niceness {
  private static final Logger log = LoggerFactory.getLogger(Niceness.class);
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final long RENICE_TIMEOUT_SECONDS = 5;

  /** The highest nice value, the lowest priority. */
  public static final int MAX = 19;

  private Niceness() {}

  /**
   * Platform threads named {@code prefix-N} that lower their own priority to {@code nice} when they
   * start (0: left alone).
   */
  public static ThreadFactory threads(String prefix, int nice) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(
              () -> {
                lowerCurrentThread(nice);
                runnable.run();
              },
              prefix + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Raises the calling platform thread's nice value to {@code nice}, if it is lower. */
  public static boolean lowerCurrentThread(int nice) {
    if (nice <= 0 || Thread.currentThread().isVirtual()) {
      return false;
    }
    OptionalLong tid = currentThreadId();
    return tid.isPresent() && lower(tid.getAsLong(), nice);
  }

  /**
   * Raises the nice value of the local process (or thread) {@code id} to {@code nice}, if it is
   * lower. For a local PostgreSQL backend: the same user may, or root.
   */
  public static boolean lower(long id, int nice) {
    if (nice <= 0) {
      return false;
    }
    OptionalInt current = niceOf(id);
    if (current.isEmpty()) {
      return false;
    }
    if (current.getAsInt() >= nice) {
      return true;
    }
    try {
      Process renice =
          new ProcessBuilder(
                  "renice", "-n", Integer.toString(Math.min(nice, MAX)), "-p", Long.toString(id))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!renice.waitFor(RENICE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        log.debug("renice of {} did not finish in {} s", id, RENICE_TIMEOUT_SECONDS);
        return false;
      }
    } catch (IOException e) {
      log.debug("Cannot lower the CPU priority of {}: {}", id, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    OptionalInt after = niceOf(id);
    boolean lowered = after.isPresent() && after.getAsInt() >= Math.min(nice, MAX);
    if (!lowered) {
      log.debug("renice left {} at nice {}", id, after.isPresent() ? after.getAsInt() : "?");
    }
    return lowered;
  }

  /**
   * Lowers the JIT compiler threads of this JVM to {@code nice}: compiling indexing code is
   * background work too, and on a busy machine it otherwise takes the core a request is waiting
   * for. Compiler threads the JVM adds later are started by these and inherit their nice value.
   *
   * @return how many threads were lowered
   */
  public static int lowerCompilerThreads(int nice) {
    if (nice <= 0) {
      return 0;
    }
    int lowered = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String name;
        try {
          name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          continue; // the thread ended
        }
        // HotSpot's names, cut to 15 characters by the kernel: "C1 CompilerThre", "C2 Compi...".
        if (name.matches("C[12] CompilerThre.*")
            && lower(Long.parseLong(task.getFileName().toString()), nice)) {
          lowered++;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Cannot list this process's threads: {}", e.getMessage());
    }
    return lowered;
  }

  /** The calling platform thread's nice value, when the system tells. */
  public static OptionalInt currentThreadNice() {
    OptionalLong tid = currentThreadId();
    return tid.isPresent() ? niceOf(tid.getAsLong()) : OptionalInt.empty();
  }

  /** The nice value of a local process or thread, from {@code /proc/ID/stat}. */
  public static OptionalInt niceOf(long id) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(id), "stat"), StandardCharsets.UTF_8);
      // "pid (comm) state ..." where comm may hold spaces and parentheses: count from the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      // Field 19 of stat is the nice value; fields[0] here is field 3 (state).
      return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private static OptionalLong currentThreadId() {
    try {
      // "/proc/thread-self" links to "PID/task/TID".
      Path target = Files.readSymbolicLink(THREAD_SELF);
      return OptionalLong.of(Long.parseLong(target.getFileName().toString()));
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
