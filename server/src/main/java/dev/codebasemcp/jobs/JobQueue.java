package dev.codebasemcp.jobs;

import static dev.codebasemcp.db.jooq.project_registry.Tables.INDEXING_JOBS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import dev.codebasemcp.db.jooq.project_registry.tables.IndexingJobs;
import dev.codebasemcp.db.jooq.project_registry.tables.records.IndexingJobsRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job table, {@code project_registry.indexing_jobs}: submitting with de-duplication, claiming
 * with {@code FOR UPDATE SKIP LOCKED} under a lease, progress and heartbeats guarded by the lease,
 * cancelling, listing. Every server process and headless worker sharing the database shares this
 * queue. Thread-safe.
 */
public final class JobQueue {
  private static final List<String> ACTIVE = List.of("pending", "running");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Columns read with every job; built on first use, not while the server starts. */
  private static final class Columns {
    /** A pending job's place in the queue: how many pending jobs were submitted before it. */
    static final Field<Integer> QUEUE_POSITION = queuePosition();

    static final Field<OffsetDateTime> NOW = currentOffsetDateTime().as("now");
  }

  private final DSLContext dsl;

  /**
   * {@link #find}'s query, rendered on first use: status polls are the most frequent call, and
   * building and rendering the query took more CPU than the rest of a poll together.
   */
  private volatile FindQuery findQuery;

  private record FindQuery(String sql, Field<?>[] fields) {}

  public JobQueue(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** A job as submitted: new, or the active one for the same repository and workspace. */
  public record Submitted(Job job, boolean deduplicated) {}

  /**
   * Queues a job unless the repository already has an active one in this workspace, which is then
   * returned instead. Safe under concurrent submits from several processes (a partial unique index
   * admits one active job per repository and workspace).
   */
  public Submitted submit(String projectId, String repoPath, boolean force) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<IndexingJobsRecord> inserted =
          dsl.insertInto(INDEXING_JOBS)
              .set(INDEXING_JOBS.PROJECT_ID, projectId)
              .set(INDEXING_JOBS.REPO_PATH, repoPath)
              .set(INDEXING_JOBS.FORCE_REINDEX, force)
              .set(INDEXING_JOBS.STATUS_MESSAGE, "Waiting for a worker")
              .onConflict(INDEXING_JOBS.PROJECT_ID, INDEXING_JOBS.REPO_PATH)
              .where(INDEXING_JOBS.STATUS.in(ACTIVE))
              .doNothing()
              .returning()
              .fetchOptional();
      if (inserted.isPresent()) {
        // The new row as inserted (one round trip); its place in the queue is for find() to say.
        IndexingJobsRecord row = inserted.get();
        return new Submitted(toJob(row, row.getCreatedAt(), null), false);
      }
      Optional<Job> active =
          select(
                  INDEXING_JOBS
                      .PROJECT_ID
                      .eq(projectId)
                      .and(INDEXING_JOBS.REPO_PATH.eq(repoPath))
                      .and(INDEXING_JOBS.STATUS.in(ACTIVE)),
                  1)
              .stream()
              .findFirst();
      if (active.isPresent()) {
        return new Submitted(active.get(), true);
      }
      // The active job finished between the insert and the select: try again.
    }
    throw new JobException(
        "Could not queue a job for " + repoPath + ": jobs for it keep starting and finishing");
  }

  public Optional<Job> find(UUID id) {
    FindQuery query = findQuery();
    // Plain JDBC with the rendered text: jOOQ only maps the row.
    return dsl.connectionResult(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            statement.setObject(1, id);
            try (ResultSet rows = statement.executeQuery()) {
              return toJobs(dsl.fetch(rows, query.fields())).stream().findFirst();
            }
          }
        });
  }

  private FindQuery findQuery() {
    FindQuery find = findQuery;
    if (find == null) {
      ResultQuery<Record> query = query(INDEXING_JOBS.ID.eq(DSL.param("id", SQLDataType.UUID)), 1);
      if (query.getBindValues().size() != 1) {
        throw new IllegalStateException("expected one parameter in " + query);
      }
      find = new FindQuery(dsl.render(query), query.fields());
      findQuery = find; // a race renders it twice, harmlessly
    }
    return find;
  }

  public Job require(UUID id) {
    return find(id).orElseThrow(() -> new JobException("No job " + id));
  }

  /** Jobs, newest first, optionally of one workspace and in one state. */
  public List<Job> list(Optional<String> projectId, Optional<JobState> state, int limit) {
    Condition where = DSL.trueCondition();
    if (projectId.isPresent()) {
      where = where.and(INDEXING_JOBS.PROJECT_ID.eq(projectId.get()));
    }
    if (state.isPresent()) {
      where = where.and(INDEXING_JOBS.STATUS.eq(state.get().label()));
    }
    return select(where, limit);
  }

  /** The active (pending or running) jobs of a workspace, newest first. */
  public List<Job> active(String projectId) {
    return select(INDEXING_JOBS.PROJECT_ID.eq(projectId).and(INDEXING_JOBS.STATUS.in(ACTIVE)), 100);
  }

  /**
   * Takes the oldest pending job, or a running one whose worker stopped heartbeating for longer
   * than {@code lease}, and marks it running under {@code owner}.
   */
  public Optional<Job> claimNext(String owner, Duration lease) {
    Condition leaseExpired =
        INDEXING_JOBS
            .HEARTBEAT_AT
            .isNull()
            .or(
                DSL.condition(
                    "{0} < now() - make_interval(secs => {1})",
                    INDEXING_JOBS.HEARTBEAT_AT, val(lease.toMillis() / 1000.0)));
    Condition claimable =
        INDEXING_JOBS.STATUS.eq("pending").or(INDEXING_JOBS.STATUS.eq("running").and(leaseExpired));
    Optional<UUID> claimed =
        dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.STATUS, "running")
            .set(INDEXING_JOBS.LEASE_OWNER, owner)
            .set(INDEXING_JOBS.HEARTBEAT_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.ATTEMPTS, INDEXING_JOBS.ATTEMPTS.plus(1))
            .set(
                INDEXING_JOBS.STARTED_AT,
                coalesce(INDEXING_JOBS.STARTED_AT, currentOffsetDateTime()))
            .set(
                INDEXING_JOBS.FIRST_STARTED_AT,
                coalesce(INDEXING_JOBS.FIRST_STARTED_AT, currentOffsetDateTime()))
            .set(
                INDEXING_JOBS.STATUS_MESSAGE,
                when(INDEXING_JOBS.ATTEMPTS.gt(0), inline("Resuming: the previous worker stopped"))
                    .otherwise(inline("Starting")))
            .where(
                INDEXING_JOBS.ID.eq(
                    DSL.select(INDEXING_JOBS.ID)
                        .from(INDEXING_JOBS)
                        .where(claimable)
                        .orderBy(INDEXING_JOBS.CREATED_AT)
                        .limit(1)
                        .forUpdate()
                        .skipLocked()))
            .returning(INDEXING_JOBS.ID)
            .fetchOptional()
            .map(IndexingJobsRecord::getId);
    return claimed.map(this::require);
  }

  /** What a worker learns when it reports progress. */
  public enum Lease {
    /** The job is still this worker's to run. */
    HELD,
    /** A client cancelled it: stop. */
    CANCELLED,
    /** Another worker took it over, or it was deleted: stop without touching it. */
    LOST
  }

  /** Progress of a running job, as a worker reports it. */
  public record Progress(
      String phase,
      String statusMessage,
      int filesTotal,
      int filesIndexed,
      int filesSkipped,
      Map<String, Integer> skippedByReason,
      int chunksCreated,
      int chunksToEmbed,
      int chunksEmbedded,
      int errorsCount,
      List<String> errorsSample,
      Long etaMs) {}

  /**
   * Writes progress and renews the lease, only while {@code owner} holds it; counters never go
   * backwards.
   */
  public Lease heartbeat(UUID id, String owner, Progress progress) {
    int updated =
        dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.HEARTBEAT_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.PHASE, progress.phase())
            .set(INDEXING_JOBS.STATUS_MESSAGE, progress.statusMessage())
            .set(INDEXING_JOBS.ETA_MS, progress.etaMs())
            .set(counters(progress))
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.LEASE_OWNER.eq(owner))
            .and(INDEXING_JOBS.STATUS.eq("running"))
            .execute();
    return updated == 1 ? Lease.HELD : whyNotHeld(id, owner);
  }

  /** Only renews the lease (the job has not reported progress yet). */
  public Lease renew(UUID id, String owner) {
    int updated =
        dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.HEARTBEAT_AT, currentOffsetDateTime())
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.LEASE_OWNER.eq(owner))
            .and(INDEXING_JOBS.STATUS.eq("running"))
            .execute();
    return updated == 1 ? Lease.HELD : whyNotHeld(id, owner);
  }

  private Lease whyNotHeld(UUID id, String owner) {
    return find(id)
        .filter(j -> j.status() == JobState.CANCELLED && owner.equals(j.leaseOwner()))
        .map(j -> Lease.CANCELLED)
        .orElse(Lease.LOST);
  }

  /**
   * Ends a job this worker runs: completed or failed with its final progress; or, when a client
   * cancelled it meanwhile, records the progress it reached and keeps it cancelled.
   *
   * @return false when the lease was lost (another worker has the job)
   */
  public boolean finish(
      UUID id, String owner, JobState state, Progress progress, String errorMessage) {
    if (!state.isFinal()) {
      throw new IllegalArgumentException("Not a final state: " + state);
    }
    int updated =
        dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.STATUS, state.label())
            .set(INDEXING_JOBS.STATUS_MESSAGE, progress.statusMessage())
            .set(INDEXING_JOBS.PHASE, progress.phase())
            .set(INDEXING_JOBS.ERROR_MESSAGE, errorMessage)
            .set(INDEXING_JOBS.ETA_MS, (Long) null)
            .set(INDEXING_JOBS.COMPLETED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.LEASE_OWNER, (String) null)
            .set(INDEXING_JOBS.HEARTBEAT_AT, (OffsetDateTime) null)
            .set(counters(progress))
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.LEASE_OWNER.eq(owner))
            .and(INDEXING_JOBS.STATUS.eq("running"))
            .execute();
    if (updated == 1) {
      return true;
    }
    // Cancelled meanwhile: keep the state, record how far it got, let go of the lease.
    return dsl.update(INDEXING_JOBS)
            .set(
                INDEXING_JOBS.STATUS_MESSAGE,
                state == JobState.CANCELLED
                    ? val(progress.statusMessage())
                    : INDEXING_JOBS.STATUS_MESSAGE)
            .set(INDEXING_JOBS.ETA_MS, (Long) null)
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.LEASE_OWNER, (String) null)
            .set(INDEXING_JOBS.HEARTBEAT_AT, (OffsetDateTime) null)
            .set(counters(progress))
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.LEASE_OWNER.eq(owner))
            .and(INDEXING_JOBS.STATUS.eq("cancelled"))
            .execute()
        == 1;
  }

  /**
   * Gives a running job back to the queue (an orderly shutdown): it becomes pending and the next
   * worker resumes it, skipping the files already committed.
   */
  public boolean release(UUID id, String owner, String reason) {
    return dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.STATUS, "pending")
            .set(INDEXING_JOBS.STATUS_MESSAGE, "Waiting for a worker: " + reason)
            .set(INDEXING_JOBS.ETA_MS, (Long) null)
            .set(INDEXING_JOBS.LEASE_OWNER, (String) null)
            .set(INDEXING_JOBS.HEARTBEAT_AT, (OffsetDateTime) null)
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.LEASE_OWNER.eq(owner))
            .and(INDEXING_JOBS.STATUS.eq("running"))
            .execute()
        == 1;
  }

  /** The outcome of a cancel request. */
  public record Cancelled(Job job, boolean changed) {}

  /**
   * Cancels a pending or running job at once (a running job's worker notices within a second and
   * stops after the batch it is writing); a job already final is returned unchanged.
   */
  public Cancelled cancel(UUID id) {
    int updated =
        dsl.update(INDEXING_JOBS)
            .set(INDEXING_JOBS.STATUS, "cancelled")
            .set(INDEXING_JOBS.COMPLETED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.UPDATED_AT, currentOffsetDateTime())
            .set(INDEXING_JOBS.ETA_MS, (Long) null)
            .set(
                INDEXING_JOBS.STATUS_MESSAGE,
                when(INDEXING_JOBS.STATUS.eq("pending"), inline("Cancelled before it started"))
                    .otherwise(inline("Cancelled while running")))
            .where(INDEXING_JOBS.ID.eq(id))
            .and(INDEXING_JOBS.STATUS.in(ACTIVE))
            .execute();
    return new Cancelled(require(id), updated == 1);
  }

  /**
   * Marks running jobs whose owner was a process on this host that no longer exists as free to take
   * over now, instead of after the lease expires.
   *
   * @return how many were freed
   */
  public int freeOrphans(String host) {
    int freed = 0;
    for (IndexingJobsRecord r :
        dsl.selectFrom(INDEXING_JOBS)
            .where(INDEXING_JOBS.STATUS.eq("running"))
            .and(INDEXING_JOBS.LEASE_OWNER.startsWith(host + ":"))
            .fetch()) {
      if (!WorkerId.parse(r.getLeaseOwner()).map(WorkerId::isAliveHere).orElse(true)) {
        freed +=
            dsl.update(INDEXING_JOBS)
                .set(INDEXING_JOBS.HEARTBEAT_AT, (OffsetDateTime) null)
                .where(INDEXING_JOBS.ID.eq(r.getId()))
                .and(INDEXING_JOBS.LEASE_OWNER.eq(r.getLeaseOwner()))
                .and(INDEXING_JOBS.STATUS.eq("running"))
                .execute();
      }
    }
    return freed;
  }

  /**
   * Deletes a workspace's jobs, unless one of them is running.
   *
   * @throws JobException naming the running job
   */
  public int deleteJobsOf(String projectId) {
    return dsl.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          List<IndexingJobsRecord> jobs =
              t.selectFrom(INDEXING_JOBS)
                  .where(INDEXING_JOBS.PROJECT_ID.eq(projectId))
                  .forUpdate()
                  .fetch();
          for (IndexingJobsRecord job : jobs) {
            if (job.getStatus().equals("running")) {
              throw new JobException(
                  "Workspace '%s' has a running job (%s, indexing %s): cancel it with cancel_job or wait for it to finish"
                      .formatted(projectId, job.getId(), job.getRepoPath()));
            }
          }
          return t.deleteFrom(INDEXING_JOBS)
              .where(INDEXING_JOBS.PROJECT_ID.eq(projectId))
              .execute();
        });
  }

  private Map<org.jooq.Field<?>, Object> counters(Progress p) {
    Map<org.jooq.Field<?>, Object> set = new LinkedHashMap<>();
    set.put(INDEXING_JOBS.FILES_TOTAL, greatest(INDEXING_JOBS.FILES_TOTAL, val(p.filesTotal())));
    set.put(
        INDEXING_JOBS.FILES_INDEXED,
        greatest(coalesce(INDEXING_JOBS.FILES_INDEXED, 0), val(p.filesIndexed())));
    set.put(
        INDEXING_JOBS.FILES_SKIPPED, greatest(INDEXING_JOBS.FILES_SKIPPED, val(p.filesSkipped())));
    set.put(
        INDEXING_JOBS.SKIPPED_BY_REASON,
        JSONB.valueOf(JSON.writeValueAsString(p.skippedByReason())));
    set.put(
        INDEXING_JOBS.CHUNKS_CREATED,
        greatest(coalesce(INDEXING_JOBS.CHUNKS_CREATED, 0), val(p.chunksCreated())));
    set.put(
        INDEXING_JOBS.CHUNKS_TO_EMBED,
        greatest(INDEXING_JOBS.CHUNKS_TO_EMBED, val(p.chunksToEmbed())));
    set.put(
        INDEXING_JOBS.CHUNKS_EMBEDDED,
        greatest(INDEXING_JOBS.CHUNKS_EMBEDDED, val(p.chunksEmbedded())));
    set.put(INDEXING_JOBS.ERRORS_COUNT, greatest(INDEXING_JOBS.ERRORS_COUNT, val(p.errorsCount())));
    set.put(INDEXING_JOBS.ERRORS_SAMPLE, JSONB.valueOf(JSON.writeValueAsString(p.errorsSample())));
    return set;
  }

  private List<Job> select(Condition where, int limit) {
    return toJobs(query(where, limit).fetch());
  }

  /** Jobs with the time now and, for pending ones, their place in the queue: one round trip. */
  private ResultQuery<Record> query(Condition where, int limit) {
    List<Field<?>> fields = new ArrayList<>(List.of(INDEXING_JOBS.fields()));
    fields.add(Columns.NOW);
    fields.add(Columns.QUEUE_POSITION);
    return dsl.select(fields)
        .from(INDEXING_JOBS)
        .where(where)
        .orderBy(INDEXING_JOBS.CREATED_AT.desc(), INDEXING_JOBS.ID)
        .limit(inline(limit));
  }

  private static Field<Integer> queuePosition() {
    IndexingJobs ahead = INDEXING_JOBS.as("ahead");
    // Constants inlined: the rendered query of find() has the job id as its only parameter.
    return when(
            INDEXING_JOBS.STATUS.eq(inline("pending")),
            DSL.field(
                DSL.selectCount()
                    .from(ahead)
                    .where(ahead.STATUS.eq(inline("pending")))
                    .and(ahead.CREATED_AT.lt(INDEXING_JOBS.CREATED_AT))))
        .as("queue_position");
  }

  private static List<Job> toJobs(Result<Record> rows) {
    List<Job> jobs = new ArrayList<>(rows.size());
    for (Record r : rows) {
      jobs.add(toJob(r.into(INDEXING_JOBS), r.get(Columns.NOW), r.get(Columns.QUEUE_POSITION)));
    }
    return jobs;
  }

  private static Job toJob(IndexingJobsRecord r, OffsetDateTime now, Integer queuePosition) {
    return new Job(
        r.getId(),
        r.getProjectId(),
        r.getRepoPath(),
        JobState.of(r.getStatus()),
        r.getStatusMessage(),
        r.getPhase(),
        r.getForceReindex(),
        r.getFilesTotal(),
        r.getFilesIndexed() == null ? 0 : r.getFilesIndexed(),
        r.getFilesSkipped(),
        JSON.readValue(r.getSkippedByReason().data(), new TypeReference<Map<String, Integer>>() {}),
        r.getChunksCreated() == null ? 0 : r.getChunksCreated(),
        r.getChunksToEmbed(),
        r.getChunksEmbedded(),
        r.getErrorMessage(),
        r.getErrorsCount(),
        JSON.readValue(r.getErrorsSample().data(), new TypeReference<List<String>>() {}),
        r.getEtaMs(),
        r.getAttempts(),
        r.getLeaseOwner(),
        r.getCreatedAt(),
        r.getStartedAt(),
        r.getFirstStartedAt(),
        r.getCompletedAt(),
        now,
        queuePosition);
  }
}
