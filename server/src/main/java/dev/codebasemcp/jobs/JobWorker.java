package dev.codebasemcp.jobs;

import dev.codebasemcp.index.IndexCancelledException;
import dev.codebasemcp.index.IndexPhase;
import dev.codebasemcp.index.IndexProgress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued jobs on virtual threads, at most {@link JobSettings#maxJobs()} at once: claims them
 * from the shared queue, writes their progress and renews their lease every heartbeat, stops one
 * within a heartbeat of a cancel, and on close gives running jobs back to the queue after their
 * current batch commits. Thread-safe; start once, close once.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
  private static final int DATABASE_RETRIES = 3;
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final JobQueue queue;
  private final JobRunner runner;
  private final JobSettings settings;
  private final WorkerId id;
  private final JobObserver observer;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<UUID, Attempt> running = new ConcurrentHashMap<>();
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopping;
  private Thread claimer;

  public JobWorker(
      JobQueue queue, JobRunner runner, JobSettings settings, WorkerId id, JobObserver observer) {
    this.queue = queue;
    this.runner = runner;
    this.settings = settings;
    this.id = id;
    this.observer = observer;
  }

  public WorkerId id() {
    return id;
  }

  /** Starts looking for work. */
  public synchronized void start() {
    if (claimer == null) {
      claimer = Thread.ofVirtual().name("job-claimer").start(this::claimLoop);
    }
  }

  /** Looks for work now rather than at the next poll (a job was just submitted). */
  public void wake() {
    wake.release();
  }

  /** How many jobs this worker is running. */
  public int runningJobs() {
    return running.size();
  }

  private void claimLoop() {
    long nextOrphanCheck = 0;
    while (!stopping) {
      try {
        if (System.nanoTime() - nextOrphanCheck > 0) {
          int freed = queue.freeOrphans(id.host());
          if (freed > 0) {
            log.info("Taking over {} job(s) whose worker process on this host is gone", freed);
          }
          nextOrphanCheck = System.nanoTime() + settings.poll().toNanos() * 5;
        }
        boolean claimed = false;
        if (running.size() < settings.maxJobs() && !stopping) {
          Optional<Job> job = queue.claimNext(id.toString(), settings.lease());
          if (job.isPresent()) {
            launch(job.get());
            claimed = true;
          }
        }
        if (!claimed) {
          wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("Could not look for jobs: {}", e.getMessage());
        log.debug("Details", e);
        sleep(settings.poll());
      }
    }
  }

  private void launch(Job job) {
    Attempt attempt = new Attempt(job);
    running.put(job.id(), attempt);
    log.info(
        "Job {} started: indexing {} into '{}'{}",
        job.id(),
        job.repoPath(),
        job.projectId(),
        job.attempts() > 1 ? " (attempt " + job.attempts() + ", resuming)" : "");
    threads.execute(() -> run(attempt));
  }

  private void run(Attempt attempt) {
    Job job = attempt.job;
    notify(() -> observer.started(job));
    Thread ticker = Thread.ofVirtual().name("job-heartbeat").start(() -> heartbeats(attempt));
    try {
      IndexProgress result = runWithRetries(attempt);
      stopTicker(ticker);
      attempt.latest = result;
      if (attempt.cancelled) {
        end(attempt, JobState.CANCELLED, JobMessages.cancelled(result), null);
      } else {
        end(attempt, JobState.COMPLETED, JobMessages.completed(result), null);
      }
    } catch (IndexCancelledException e) {
      stopTicker(ticker);
      if (attempt.cancelled) {
        end(attempt, JobState.CANCELLED, JobMessages.cancelled(attempt.latestOrEmpty()), null);
      } else if (attempt.lost) {
        log.warn("Job {} stopped here: another worker holds its lease now", job.id());
      } else {
        retrying(
            "release job " + job.id(),
            () -> queue.release(job.id(), id.toString(), "the process running it shut down"));
        log.info("Job {} given back to the queue: this process is shutting down", job.id());
      }
    } catch (RuntimeException e) {
      stopTicker(ticker);
      String reason = reason(e);
      log.warn("Job {} failed: {}", job.id(), reason);
      log.debug("Details", e);
      end(attempt, JobState.FAILED, JobMessages.failed(reason), reason);
    } finally {
      running.remove(job.id());
      wake.release();
      notify(() -> queue.find(job.id()).ifPresent(observer::finished));
    }
  }

  /** Runs the job; a lost database is retried (the run resumes where its commits ended). */
  private IndexProgress runWithRetries(Attempt attempt) {
    for (int retry = 0; ; retry++) {
      try {
        return runner.run(attempt.job, p -> attempt.latest = p, attempt::shouldStop);
      } catch (DataAccessException e) {
        if (retry >= DATABASE_RETRIES || attempt.shouldStop()) {
          throw new JobException(
              "Lost the database after %d retries: %s".formatted(retry, e.getMessage()), e);
        }
        log.warn("Job {}: database error, retrying: {}", attempt.job.id(), e.getMessage());
        sleep(settings.retryBackoff().multipliedBy(1L << retry));
      }
    }
  }

  private void heartbeats(Attempt attempt) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(settings.heartbeat());
      } catch (InterruptedException e) {
        return;
      }
      try {
        IndexProgress latest = attempt.latest;
        JobQueue.Lease lease =
            latest == null
                ? queue.renew(attempt.job.id(), id.toString())
                : queue.heartbeat(
                    attempt.job.id(),
                    id.toString(),
                    attempt.progress(latest, JobMessages.running(latest)));
        switch (lease) {
          case CANCELLED -> attempt.cancelled = true;
          case LOST -> attempt.lost = true;
          case HELD -> notify(() -> queue.find(attempt.job.id()).ifPresent(observer::progressed));
        }
        if (lease != JobQueue.Lease.HELD) {
          return;
        }
      } catch (RuntimeException e) {
        log.warn("Job {}: could not write progress: {}", attempt.job.id(), e.getMessage());
      }
    }
  }

  private void end(Attempt attempt, JobState state, String message, String error) {
    IndexProgress last = attempt.latestOrEmpty();
    JobQueue.Progress progress = attempt.progress(last, message);
    boolean written =
        retrying(
            "record the end of job " + attempt.job.id(),
            () -> queue.finish(attempt.job.id(), id.toString(), state, progress, error));
    if (written) {
      log.info("Job {} {}: {}", attempt.job.id(), state.label(), message);
    }
  }

  private boolean retrying(String what, java.util.function.BooleanSupplier action) {
    for (int retry = 0; ; retry++) {
      try {
        return action.getAsBoolean();
      } catch (DataAccessException e) {
        if (retry >= DATABASE_RETRIES) {
          log.warn("Could not {}: {} (the lease will expire and the job be resumed)", what, e);
          return false;
        }
        sleep(settings.retryBackoff().dividedBy(2).multipliedBy(1L << retry));
      }
    }
  }

  private static void stopTicker(Thread ticker) {
    ticker.interrupt();
    try {
      ticker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.debug("A job observer failed", e);
    }
  }

  private static String reason(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops claiming, asks running jobs to stop after the batch they are writing, waits for them to
   * give their jobs back to the queue (30 s at most), and ends the threads.
   */
  @Override
  public void close() {
    stopping = true;
    wake.release();
    Thread c;
    synchronized (this) {
      c = claimer;
    }
    if (c != null) {
      try {
        c.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.debug("Claimer stopped; waiting for {} running job(s)", running.size());
    threads.shutdown();
    try {
      if (!threads.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "{} job(s) did not stop within {} s; their leases expire and another worker resumes"
                + " them",
            running.size(),
            SHUTDOWN_WAIT.toSeconds());
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.debug("Worker closed; {} job(s) still running", running.size());
  }

  /** One run of one job in this process. */
  private final class Attempt {
    final Job job;
    final int baseChunksCreated;
    final int baseChunksEmbedded;
    volatile IndexProgress latest;
    volatile boolean cancelled;
    volatile boolean lost;
    private IndexPhase phaseSeen;
    private long phaseStartNanos;
    private int phaseStartDone;

    Attempt(Job job) {
      this.job = job;
      boolean resumed = job.attempts() > 1;
      this.baseChunksCreated = resumed ? job.chunksCreated() : 0;
      this.baseChunksEmbedded = resumed ? job.chunksEmbedded() : 0;
    }

    boolean shouldStop() {
      return cancelled || lost || stopping;
    }

    IndexProgress latestOrEmpty() {
      IndexProgress p = latest;
      return p != null
          ? p
          : new IndexProgress(
              IndexPhase.CHUNKING,
              0,
              0,
              0,
              0,
              0,
              0,
              Map.of(),
              0,
              0,
              0,
              0,
              java.util.List.of(),
              Duration.ZERO);
    }

    synchronized JobQueue.Progress progress(IndexProgress p, String message) {
      return new JobQueue.Progress(
          p.phase().label(),
          message,
          p.filesFound(),
          p.filesProcessed(),
          p.filesSkipped(),
          JobMessages.byReason(p.skippedByReason()),
          baseChunksCreated + p.chunksCreated(),
          baseChunksEmbedded + p.chunksToEmbed(),
          baseChunksEmbedded + p.chunksEmbedded(),
          p.errors(),
          p.errorsSample(),
          p.phase() == IndexPhase.DONE ? null : eta(p));
    }

    /** The time left in the current phase, from its rate so far; null until there is one. */
    private Long eta(IndexProgress p) {
      long now = System.nanoTime();
      boolean embedding = p.phase() == IndexPhase.EMBEDDING;
      int done = embedding ? p.chunksEmbedded() : p.filesProcessed();
      int total = embedding ? p.chunksToEmbed() : p.filesFound();
      if (p.phase() != phaseSeen) {
        phaseSeen = p.phase();
        phaseStartNanos = now;
        phaseStartDone = done;
        return null;
      }
      double seconds = (now - phaseStartNanos) / 1e9;
      int doneInPhase = done - phaseStartDone;
      if (seconds < 1 || doneInPhase <= 0) {
        return null;
      }
      return Math.round(Math.max(0, total - done) * seconds / doneInPhase * 1000);
    }
  }
}
