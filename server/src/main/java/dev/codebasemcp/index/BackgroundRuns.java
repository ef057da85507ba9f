package dev.codebasemcp.index;

import dev.codebasemcp.os.Niceness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs index runs on platform threads at the background nice value and waits for them. The threads
 * a run starts (chunking, writing, the model's) are created by its thread and so inherit its nice
 * value without another {@code renice}; idle threads are kept a minute for the next run. The
 * caller's thread, often a virtual one, only waits: if it is interrupted, the run is told to stop
 * and is still waited for, so a run never outlives its call. Thread-safe.
 */
public final class BackgroundRuns implements AutoCloseable {
  private final ExecutorService threads;
  private final int nice;
  private final AtomicBoolean compilersLowered = new AtomicBoolean();

  /**
   * @param nice the runs' nice value (0: the process's own priority)
   */
  public BackgroundRuns(int nice) {
    this.threads = Executors.newCachedThreadPool(Niceness.threads("index-run", nice));
    this.nice = nice;
  }

  /**
   * Runs {@code run} on a background thread, passing it a cancellation check that also turns true
   * when the calling thread is interrupted; returns its result or rethrows its exception.
   */
  public <T> T run(BooleanSupplier cancelled, Function<BooleanSupplier, T> run) {
    if (compilersLowered.compareAndSet(false, true)) {
      // From the first run on, this process does background work: its JIT compiling included.
      Niceness.lowerCompilerThreads(nice);
    }
    AtomicBoolean callerInterrupted = new AtomicBoolean();
    BooleanSupplier stop = () -> callerInterrupted.get() || cancelled.getAsBoolean();
    CompletableFuture<T> result = new CompletableFuture<>();
    Object lock = new Object();
    Thread[] worker = new Thread[1];
    threads.execute(
        () -> {
          synchronized (lock) {
            worker[0] = Thread.currentThread();
            if (callerInterrupted.get()) {
              Thread.currentThread().interrupt();
            }
          }
          try {
            result.complete(run.apply(stop));
          } catch (Throwable t) {
            result.completeExceptionally(t);
          } finally {
            synchronized (lock) {
              worker[0] = null;
              Thread.interrupted(); // the pool's next task starts uninterrupted
            }
          }
        });
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
          synchronized (lock) {
            callerInterrupted.set(true);
            if (worker[0] != null) {
              worker[0].interrupt();
            }
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IndexException("Indexing failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs under way keep their threads until they end; idle threads go at once. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
