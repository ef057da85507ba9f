package dev.codebasemcp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The job table's semantics against the real database: dedup, claims, leases, cancel. */
@Timeout(120)
class JobQueueTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private static JobQueue.Progress progress(int files, int chunks, String message) {
    return new JobQueue.Progress(
        "chunking",
        message,
        files,
        files,
        0,
        Map.of("binary", 1),
        chunks,
        0,
        0,
        0,
        List.of(),
        null);
  }

  @Test
  void concurrentSubmitsOfOneRepositoryMakeOneActiveJob() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      List<Future<JobQueue.Submitted>> futures = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(() -> queue.submit("default", "/src/app", false)));
        }
      }
      Set<UUID> ids = ConcurrentHashMap.newKeySet();
      int fresh = 0;
      for (Future<JobQueue.Submitted> f : futures) {
        ids.add(f.get().job().id());
        fresh += f.get().deduplicated() ? 0 : 1;
      }
      assertEquals(1, ids.size());
      assertEquals(1, fresh);
      // Another workspace or repository is another job.
      assertFalse(queue.submit("other", "/src/app", false).deduplicated());
      assertFalse(queue.submit("default", "/src/lib", false).deduplicated());
    }
  }

  @Test
  void findAndListTellAPendingJobsPlaceInTheQueue() {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      Job first = queue.submit("default", "/src/a", false).job();
      Job second = queue.submit("default", "/src/b", false).job();
      Job third = queue.submit("other", "/src/c", false).job();
      assertEquals(0, queue.require(first.id()).queuePosition());
      assertEquals(2, queue.require(third.id()).queuePosition());
      assertEquals(JobState.PENDING, queue.require(third.id()).status());
      assertEquals("/src/c", queue.require(third.id()).repoPath());
      assertTrue(queue.find(UUID.randomUUID()).isEmpty());

      assertEquals(first.id(), queue.claimNext("w1", LEASE).orElseThrow().id());
      Job running = queue.require(first.id());
      assertEquals(JobState.RUNNING, running.status());
      assertEquals(null, running.queuePosition(), "a running job has no place in the queue");
      assertEquals(0, queue.require(second.id()).queuePosition());
      assertEquals(1, queue.require(third.id()).queuePosition());
      // list() reads the same columns, newest first.
      List<Job> listed = queue.list(Optional.empty(), Optional.empty(), 10);
      assertEquals(
          List.of(third.id(), second.id(), first.id()), listed.stream().map(Job::id).toList());
      assertEquals(1, listed.get(0).queuePosition());
    }
  }

  @Test
  void concurrentClaimersNeverGetTheSameJob() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      for (int i = 0; i < 40; i++) {
        queue.submit("default", "/src/repo-" + i, false);
      }
      Map<UUID, String> claimedBy = new ConcurrentHashMap<>();
      List<String> duplicates = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < 6; w++) {
          String owner = "host:" + w + ":x";
          pool.submit(
              () -> {
                Optional<Job> job;
                while ((job = queue.claimNext(owner, LEASE)).isPresent()) {
                  String previous = claimedBy.putIfAbsent(job.get().id(), owner);
                  if (previous != null) {
                    synchronized (duplicates) {
                      duplicates.add(job.get().id() + " by " + previous + " and " + owner);
                    }
                  }
                }
                return null;
              });
        }
      }
      assertEquals(List.of(), duplicates);
      assertEquals(40, claimedBy.size());
      for (Job job : queue.list(Optional.empty(), Optional.empty(), 100)) {
        assertEquals(JobState.RUNNING, job.status());
        assertEquals(1, job.attempts());
        assertEquals(claimedBy.get(job.id()), job.leaseOwner());
      }
    }
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldOwnerLosesIt() throws Exception {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      UUID id = queue.submit("default", "/src/app", false).job().id();
      assertEquals(id, queue.claimNext("a:1:x", LEASE).orElseThrow().id());
      assertTrue(queue.claimNext("b:2:y", LEASE).isEmpty(), "a live lease is respected");

      Thread.sleep(1200);
      Job taken = queue.claimNext("b:2:y", Duration.ofSeconds(1)).orElseThrow();
      assertEquals(id, taken.id());
      assertEquals(2, taken.attempts());
      assertEquals("Resuming: the previous worker stopped", taken.statusMessage());

      assertEquals(JobQueue.Lease.LOST, queue.heartbeat(id, "a:1:x", progress(5, 50, "x")));
      assertFalse(queue.finish(id, "a:1:x", JobState.COMPLETED, progress(5, 50, "done"), null));
      assertEquals(JobQueue.Lease.HELD, queue.heartbeat(id, "b:2:y", progress(3, 30, "y")));
    }
  }

  @Test
  void progressNeverGoesBackwards() {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      UUID id = queue.submit("default", "/src/app", false).job().id();
      queue.claimNext("a:1:x", LEASE).orElseThrow();
      queue.heartbeat(id, "a:1:x", progress(10, 100, "ten"));
      queue.heartbeat(id, "a:1:x", progress(4, 40, "four"));
      Job job = queue.require(id);
      assertEquals(10, job.filesIndexed());
      assertEquals(100, job.chunksCreated());
      assertEquals("four", job.statusMessage());
      assertEquals(Map.of("binary", 1), job.skippedByReason());
    }
  }

  @Test
  void cancelIsImmediateAndFinal() {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      UUID pending = queue.submit("default", "/src/a", false).job().id();
      JobQueue.Cancelled first = queue.cancel(pending);
      assertTrue(first.changed());
      assertEquals(JobState.CANCELLED, first.job().status());
      assertEquals("Cancelled before it started", first.job().statusMessage());
      assertFalse(queue.cancel(pending).changed());
      assertTrue(queue.claimNext("a:1:x", LEASE).isEmpty(), "a cancelled job is never claimed");

      UUID running = queue.submit("default", "/src/b", false).job().id();
      queue.claimNext("a:1:x", LEASE).orElseThrow();
      queue.cancel(running);
      assertEquals(
          JobQueue.Lease.CANCELLED, queue.heartbeat(running, "a:1:x", progress(1, 1, "x")));
      assertTrue(
          queue.finish(
              running, "a:1:x", JobState.CANCELLED, progress(2, 20, "Cancelled by request"), null));
      Job job = queue.require(running);
      assertEquals(JobState.CANCELLED, job.status());
      assertEquals("Cancelled by request", job.statusMessage());
      assertEquals(null, job.leaseOwner());
      // A new job for the same repository may start at once.
      assertNotEquals(running, queue.submit("default", "/src/b", false).job().id());
    }
  }

  @Test
  void releasedJobsGoBackToTheQueue() {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      UUID id = queue.submit("default", "/src/app", false).job().id();
      queue.claimNext("a:1:x", LEASE).orElseThrow();
      assertTrue(queue.release(id, "a:1:x", "the process running it shut down"));
      Job job = queue.require(id);
      assertEquals(JobState.PENDING, job.status());
      assertEquals(null, job.leaseOwner());
      assertEquals(id, queue.claimNext("b:2:y", LEASE).orElseThrow().id());
    }
  }

  @Test
  void aRunningJobProtectsItsWorkspaceFromDeletion() {
    try (var scratch = TestPostgres.migrated()) {
      JobQueue queue = new JobQueue(scratch.db().dsl());
      queue.submit("team", "/src/app", false);
      queue.claimNext("a:1:x", LEASE).orElseThrow();
      queue.submit("team", "/src/lib", false);
      JobException refused = assertThrows(JobException.class, () -> queue.deleteJobsOf("team"));
      assertTrue(refused.getMessage().contains("cancel it with cancel_job"), refused.getMessage());
      assertEquals(2, queue.list(Optional.of("team"), Optional.empty(), 10).size());
    }
  }

  @Test
  void workerIdsRoundTripAndKnowWhenTheirProcessIsGone() {
    WorkerId me = WorkerId.forThisProcess();
    assertEquals(Optional.of(me), WorkerId.parse(me.toString()));
    assertTrue(me.isAliveHere());
    assertFalse(new WorkerId(me.host(), Long.MAX_VALUE - 1, "x").isAliveHere());
    assertEquals(Optional.empty(), WorkerId.parse("garbage"));
  }
}
