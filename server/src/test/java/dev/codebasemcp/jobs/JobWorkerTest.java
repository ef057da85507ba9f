package dev.codebasemcp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import dev.codebasemcp.index.IndexCancelledException;
import dev.codebasemcp.index.IndexPhase;
import dev.codebasemcp.index.IndexProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker with stand-in runners: progress cadence, cancel, failure, limits, shutdown. */
@Timeout(120)
class JobWorkerTest {
  private static final JobSettings SETTINGS =
      new JobSettings(
          2,
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofMillis(200),
          Duration.ofMillis(100));

  private static IndexProgress files(int processed) {
    return new IndexProgress(
        IndexPhase.CHUNKING,
        100,
        processed,
        processed,
        0,
        0,
        0,
        Map.of(),
        processed * 3,
        0,
        0,
        0,
        List.of(),
        Duration.ZERO);
  }

  private static JobWorker worker(JobQueue queue, JobRunner runner, JobSettings settings) {
    JobWorker worker =
        new JobWorker(queue, runner, settings, WorkerId.forThisProcess(), JobObserver.NONE);
    worker.start();
    return worker;
  }

  private static Job await(JobQueue queue, UUID id, java.util.function.Predicate<Job> done)
      throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      Job job = queue.require(id);
      if (done.test(job)) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job did not get there: " + queue.require(id));
  }

  @Test
  void progressIsWrittenAtMostASecondApartAndNeverGoesBack() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      JobRunner runner =
          (job, listener, stop) -> {
            for (int i = 1; i <= 40; i++) {
              listener.onProgress(files(i));
              sleep(100);
            }
            return files(40);
          };
      try (JobWorker worker = worker(queue, runner, SETTINGS)) {
        UUID id = queue.submit("default", "/src/app", false).job().id();
        worker.wake();
        List<Integer> seen = new ArrayList<>();
        Job job;
        do {
          job = queue.require(id);
          if (job.status() == JobState.RUNNING && job.phase() != null) {
            seen.add(job.filesIndexed());
          }
          Thread.sleep(100);
        } while (!job.status().isFinal());
        for (int i = 1; i < seen.size(); i++) {
          assertTrue(seen.get(i) >= seen.get(i - 1), "never backwards: " + seen);
        }
        assertTrue(
            seen.stream().distinct().count() >= 3, "progress written while running: " + seen);
        assertTrue(seen.get(0) < 40, "progress before the end: " + seen);
        assertEquals(JobState.COMPLETED, job.status());
        assertEquals(40, job.filesIndexed());
      }
    }
  }

  @Test
  void cancelStopsTheRunnerWithinTwoSeconds() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      AtomicLong stoppedAt = new AtomicLong();
      CountDownLatch running = new CountDownLatch(1);
      JobRunner runner =
          (job, listener, stop) -> {
            running.countDown();
            int i = 0;
            while (!stop.getAsBoolean()) {
              listener.onProgress(files(Math.min(99, ++i)));
              sleep(20);
            }
            stoppedAt.set(System.nanoTime());
            throw new IndexCancelledException("Indexing was cancelled");
          };
      try (JobWorker worker = worker(queue, runner, SETTINGS)) {
        UUID id = queue.submit("default", "/src/app", false).job().id();
        worker.wake();
        running.await();
        Thread.sleep(1500);
        long cancelled = System.nanoTime();
        queue.cancel(id);
        Job job = await(queue, id, j -> j.leaseOwner() == null);
        assertTrue(stoppedAt.get() > 0 && (stoppedAt.get() - cancelled) / 1e9 < 2.0);
        assertEquals(JobState.CANCELLED, job.status());
        assertTrue(
            job.statusMessage().startsWith("Cancelled by request after"), job.statusMessage());
        assertTrue(job.filesIndexed() > 0);
      }
    }
  }

  @Test
  void aJobThatCannotGoOnFailsWithItsReason() throws Exception {
    Job job =
        runOneJob(
            (j, listener, stop) -> {
              throw new JobException("The repository is gone: /src/app no longer exists");
            });
    assertEquals(JobState.FAILED, job.status());
    assertEquals("The repository is gone: /src/app no longer exists", job.errorMessage());
    assertEquals("Failed: The repository is gone: /src/app no longer exists", job.statusMessage());
  }

  @Test
  void aDatabaseErrorIsRetriedAndTheRunResumes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Job job =
        runOneJob(
            (j, listener, stop) -> {
              if (calls.incrementAndGet() == 1) {
                throw new DataAccessException("connection reset (simulated)");
              }
              return files(100);
            });
    assertEquals(JobState.COMPLETED, job.status(), job.statusMessage());
    assertEquals(2, calls.get());
  }

  @Test
  void aJobFailsReadablyWhenTheDatabaseStaysLost() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Job job =
        runOneJob(
            (j, listener, stop) -> {
              calls.incrementAndGet();
              throw new DataAccessException("Connection refused (simulated)");
            });
    assertEquals(JobState.FAILED, job.status());
    assertEquals(4, calls.get(), "the first try and three retries");
    assertEquals(
        "Lost the database after 3 retries: Connection refused (simulated)", job.errorMessage());
    assertTrue(job.statusMessage().startsWith("Failed: Lost the database"), job.statusMessage());
  }

  /** Runs one job with {@code runner} on a fresh registry and returns it once it has ended. */
  private static Job runOneJob(JobRunner runner) throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      try (JobWorker worker = worker(queue, runner, SETTINGS)) {
        UUID id = queue.submit("default", "/src/app", false).job().id();
        worker.wake();
        return await(queue, id, j -> j.status().isFinal());
      }
    }
  }

  @Test
  void atMostMaxJobsRunAtOnceAndCloseGivesThemBack() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      AtomicInteger concurrent = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      JobRunner runner =
          (job, listener, stop) -> {
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
              while (!stop.getAsBoolean()) {
                sleep(20);
              }
              throw new IndexCancelledException("Indexing was cancelled");
            } finally {
              concurrent.decrementAndGet();
            }
          };
      List<UUID> ids = new ArrayList<>();
      JobWorker worker = worker(queue, runner, SETTINGS);
      try {
        for (int i = 0; i < 3; i++) {
          ids.add(queue.submit("default", "/src/repo" + i, false).job().id());
        }
        worker.wake();
        Thread.sleep(2000);
        assertEquals(2, most.get());
        assertEquals(2, queue.list(Optional.empty(), Optional.of(JobState.RUNNING), 10).size());
        assertEquals(1, queue.list(Optional.empty(), Optional.of(JobState.PENDING), 10).size());
      } finally {
        worker.close();
      }
      for (UUID id : ids) {
        Job job = queue.require(id);
        assertEquals(JobState.PENDING, job.status(), job.toString());
        assertEquals(null, job.leaseOwner());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
