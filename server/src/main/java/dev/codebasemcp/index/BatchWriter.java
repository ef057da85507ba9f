package dev.codebasemcp.index;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs writes (each one transaction) on a few threads at once, with at most that many waiting:
 * submitting blocks while they are all busy, so memory stays bounded when the database is slower
 * than chunking. The first failure is rethrown to the submitter. Used by one thread.
 */
final class BatchWriter implements AutoCloseable {
  private final int writers;
  private final ExecutorService executor;
  private final Deque<Future<?>> pending = new ArrayDeque<>();
  private long blockedNanos;

  BatchWriter(int writers) {
    this.writers = writers;
    // Platform threads: started by the run's thread, they inherit its background priority, where a
    // virtual-thread carrier started from it would lower the priority of every virtual thread.
    this.executor = Executors.newFixedThreadPool(writers);
  }

  void submit(Runnable write) {
    pending.removeIf(f -> f.isDone() && await(f));
    long start = System.nanoTime();
    while (pending.size() >= writers) {
      await(pending.removeFirst());
    }
    blockedNanos += System.nanoTime() - start;
    pending.addLast(executor.submit(write));
  }

  /** Waits for every write; rethrows the first failure. */
  void finish() {
    long start = System.nanoTime();
    while (!pending.isEmpty()) {
      await(pending.removeFirst());
    }
    blockedNanos += System.nanoTime() - start;
  }

  /** Time the submitter spent waiting for writers. */
  long blockedNanos() {
    return blockedNanos;
  }

  private static boolean await(Future<?> future) {
    try {
      future.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexCancelledException("Indexing was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IndexException("Writing to the index failed: " + e.getCause(), e.getCause());
    }
  }

  /** Lets writes already running finish (each is one transaction), and drops the rest. */
  @Override
  public void close() {
    executor.shutdown();
    executor.close();
  }
}
