package dev.codebasemcp.mcp;

import dev.codebasemcp.jobs.Job;
import dev.codebasemcp.jobs.JobState;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job as the job tools show it (the {@code Schemas.JOB} shape). Stateless. */
final class JobView {
  private JobView() {}

  static Map<String, Object> of(Job job) {
    Integer queuePosition = job.queuePosition();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job_id", job.id().toString());
    out.put("project_id", job.projectId());
    out.put("repo_path", job.repoPath());
    out.put("status", job.status().label());
    out.put("status_message", message(job, queuePosition));
    out.put("phase", job.phase());
    out.put("force_reindex", job.forceReindex());
    out.put("files_total", job.filesTotal());
    out.put("files_indexed", job.filesIndexed());
    out.put("files_skipped", job.filesSkipped());
    out.put("skipped_by_reason", job.skippedByReason());
    out.put("chunks_created", job.chunksCreated());
    out.put("chunks_to_embed", job.chunksToEmbed());
    out.put("chunks_embedded", job.chunksEmbedded());
    out.put("error_message", job.errorMessage());
    out.put("errors_count", job.errorsCount());
    out.put("errors_sample", job.errorsSample());
    out.put("attempts", job.attempts());
    out.put("queue_position", queuePosition);
    out.put("created_at", time(job.createdAt()));
    out.put("started_at", time(job.startedAt()));
    out.put("completed_at", time(job.completedAt()));
    out.put("elapsed_ms", job.elapsedMs());
    out.put("eta_ms", job.status() == JobState.RUNNING ? job.etaMs() : null);
    return out;
  }

  private static String message(Job job, Integer queuePosition) {
    if (job.status() == JobState.PENDING && queuePosition != null) {
      String base = job.statusMessage() == null ? "Waiting for a worker" : job.statusMessage();
      return queuePosition == 0
          ? base + " (next in line)"
          : base + " (%d job%s ahead)".formatted(queuePosition, queuePosition == 1 ? "" : "s");
    }
    return job.statusMessage();
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }
}
