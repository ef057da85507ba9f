package dev.codebasemcp.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codebasemcp.os.Niceness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackgroundRunsTest {
  @Test
  void aRunHappensOnABackgroundThreadAtItsNiceValue() {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "per-thread nice values are Linux's");
    try (BackgroundRuns runs = new BackgroundRuns(6)) {
      String thread = runs.run(() -> false, stop -> Thread.currentThread().getName());
      OptionalInt nice = runs.run(() -> false, stop -> Niceness.currentThreadNice());
      assertTrue(thread.startsWith("index-run-"), thread);
      assertEquals(OptionalInt.of(6), nice);
      // Threads the run starts inherit its priority.
      OptionalInt child =
          runs.run(
              () -> false,
              stop -> {
                AtomicReference<OptionalInt> seen = new AtomicReference<>();
                Thread t = new Thread(() -> seen.set(Niceness.currentThreadNice()));
                t.start();
                try {
                  t.join();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return seen.get();
              });
      assertEquals(OptionalInt.of(6), child);
    }
  }

  @Test
  void aRunsFailureReachesTheCaller() {
    try (BackgroundRuns runs = new BackgroundRuns(0)) {
      IndexException failure = new IndexException("broken");
      assertSame(
          failure,
          assertThrows(
              IndexException.class,
              () ->
                  runs.run(
                      () -> false,
                      stop -> {
                        throw failure;
                      })));
    }
  }

  @Test
  void interruptingTheCallerStopsTheRunAndWaitsForIt() throws Exception {
    try (BackgroundRuns runs = new BackgroundRuns(0)) {
      CountDownLatch started = new CountDownLatch(1);
      AtomicBoolean runEnded = new AtomicBoolean();
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      runs.run(
                          () -> false,
                          stop -> {
                            started.countDown();
                            // Ignores interrupts on purpose: only the stop check ends it.
                            while (!stop.getAsBoolean()) {
                              Thread.onSpinWait();
                            }
                            sleepQuietly(300);
                            runEnded.set(true);
                            throw new IndexCancelledException("stopped");
                          });
                    } catch (Throwable t) {
                      outcome.set(t);
                    }
                  });
      assertTrue(started.await(10, TimeUnit.SECONDS));
      caller.interrupt();
      caller.join(10_000);
      assertFalse(caller.isAlive());
      assertTrue(runEnded.get(), "the caller returned before its run ended");
      assertTrue(outcome.get() instanceof IndexCancelledException, String.valueOf(outcome.get()));
    }
  }

  private static void sleepQuietly(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        // The run was interrupted along with its caller: it still finishes its work.
      }
    }
  }
}
