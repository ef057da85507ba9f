package dev.codebasemcp.mcp;

import dev.codebasemcp.Engine;
import dev.codebasemcp.jobs.Job;
import dev.codebasemcp.jobs.JobQueue;
import dev.codebasemcp.jobs.JobState;
import dev.codebasemcp.jobs.JobWorker;
import dev.codebasemcp.workspace.ProjectId;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** start_indexing, get_job_status, list_jobs and cancel_job. Thread-safe. */
final class JobTools {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Engine engine;
  private final JobQueue queue;
  private final JobWorker worker;
  private final JobNotifier notifier;

  JobTools(Engine engine, JobQueue queue, JobWorker worker, JobNotifier notifier) {
    this.engine = engine;
    this.queue = queue;
    this.worker = worker;
    this.notifier = notifier;
  }

  List<Tool> tools() {
    return List.of(start(), status(), list(), cancel());
  }

  private static final String JOB_ID =
      """
      {"type": "object",
       "properties": {"job_id": {"type": "string", "description": "The id start_indexing returned"}},
       "required": ["job_id"], "additionalProperties": false}
      """;

  private Tool start() {
    return new Tool(
        "start_indexing",
        "Starts indexing a repository in the background and returns at once with a job id; poll"
            + " get_job_status for progress. Only new and changed files are re-indexed. Keyword"
            + " search works as soon as files are chunked; semantic search as embeddings fill in."
            + " If the repository already has an active job in the workspace, that job is returned"
            + " (deduplicated=true).",
        """
        {
          "type": "object",
          "properties": {
            "repo_path": {"type": "string", "description": "Absolute path of the repository directory. Optional when the client exposes exactly one root"},
            "project_id": {"type": "string", "description": "Workspace to index into (default: 'default', created on first use)"},
            "force_reindex": {"type": "boolean", "description": "Re-chunk every file even when unchanged (default false)"}
          },
          "additionalProperties": false
        }
        """,
        """
        {
          "type": "object",
          "properties": {
            "job_id": {"type": "string"},
            "status": {"type": "string"},
            "project_id": {"type": "string"},
            "repo_path": {"type": "string"},
            "deduplicated": {"type": "boolean", "description": "true: an active job for this repository already existed and is returned"}
          },
          "required": ["job_id", "status", "project_id", "repo_path", "deduplicated"]
        }
        """,
        (args, exchange) -> {
          ProjectId project = ProjectId.of(args.string("project_id").orElse("default"));
          boolean force = args.bool("force_reindex", false);
          Path repo =
              args.string("repo_path")
                  .map(JobTools::repoPath)
                  .orElseGet(() -> singleRoot(exchange));
          requireWorkspace(project);
          JobQueue.Submitted submitted = queue.submit(project.value(), repo.toString(), force);
          Job job = submitted.job();
          Object token = args.progressToken();
          if (token != null) {
            notifier.watch(job.id(), exchange, token);
          }
          worker.wake();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("job_id", job.id().toString());
          out.put("status", job.status().label());
          out.put("project_id", job.projectId());
          out.put("repo_path", job.repoPath());
          out.put("deduplicated", submitted.deduplicated());
          return new Tool.Output(
              out,
              submitted.deduplicated()
                  ? "Already indexing %s into '%s': job %s is %s (poll get_job_status)"
                      .formatted(repo, project, job.id(), job.status().label())
                  : "Started job %s: indexing %s into '%s' (poll get_job_status)"
                      .formatted(job.id(), repo, project));
        });
  }

  private void requireWorkspace(ProjectId project) {
    if (engine.workspaces().find(project).isPresent()) {
      return;
    }
    if (project.value().equals("default")) {
      engine.createWorkspace(project);
      return;
    }
    throw new ToolFailure(
        "No workspace '%s': create it with create_workspace first, or omit project_id to use 'default'"
            .formatted(project));
  }

  /**
   * Checks a client-given repository path: absolute, normalised, an existing readable directory.
   */
  static Path repoPath(String text) {
    if (text.isBlank()) {
      throw new ToolFailure("repo_path must not be empty: give the repository's absolute path");
    }
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new ToolFailure("repo_path is not a valid path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw new ToolFailure("repo_path must be absolute: got '%s'".formatted(text));
    }
    for (Path part : path) {
      if (part.toString().equals("..") || part.toString().equals(".")) {
        throw new ToolFailure(
            "repo_path must be normalised, without '.' or '..': got '%s'".formatted(text));
      }
    }
    String trimmed =
        text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    if (!path.normalize().toString().equals(trimmed)) {
      throw new ToolFailure(
          "repo_path must be normalised (no repeated slashes): got '%s', use '%s'"
              .formatted(text, path.normalize()));
    }
    if (!Files.exists(path)) {
      throw new ToolFailure("repo_path does not exist: " + path);
    }
    if (!Files.isDirectory(path)) {
      throw new ToolFailure("repo_path must be a directory: " + path + " is a file");
    }
    if (!Files.isReadable(path) || !Files.isExecutable(path)) {
      throw new ToolFailure("repo_path is not readable by the server: " + path);
    }
    return path.normalize();
  }

  /** The client's single root, when repo_path is omitted (MCP roots). */
  private static Path singleRoot(McpSyncServerExchange exchange) {
    McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
    if (capabilities == null || capabilities.roots() == null) {
      throw new ToolFailure(
          "repo_path is required: give the repository's absolute path (this client exposes no"
              + " roots)");
    }
    List<McpSchema.Root> roots = exchange.listRoots().roots();
    List<String> files = new ArrayList<>();
    for (McpSchema.Root root : roots) {
      if (root.uri() != null && root.uri().startsWith("file:")) {
        files.add(root.uri());
      }
    }
    if (files.isEmpty()) {
      throw new ToolFailure("repo_path is required: the client exposes no file roots");
    }
    if (files.size() > 1) {
      throw new ToolFailure(
          "repo_path is required: the client exposes %d roots (%s); say which one"
              .formatted(files.size(), String.join(", ", files)));
    }
    try {
      return repoPath(Path.of(URI.create(files.get(0))).toString());
    } catch (IllegalArgumentException e) {
      throw new ToolFailure("The client's root is not a usable path: " + files.get(0));
    }
  }

  private Tool status() {
    return new Tool(
        "get_job_status",
        "Shows an indexing job's status and progress: phase, files and chunks done, skipped files"
            + " by reason, errors, elapsed time and an estimate of the time left.",
        JOB_ID,
        Schemas.JOB,
        (args, exchange) -> {
          Job job = job(args);
          Map<String, Object> out = JobView.of(job);
          return new Tool.Output(
              out,
              "Job %s is %s: %s"
                  .formatted(job.id(), job.status().label(), out.get("status_message")));
        });
  }

  private Tool list() {
    return new Tool(
        "list_jobs",
        "Lists indexing jobs, newest first, optionally of one workspace and in one status.",
        """
        {
          "type": "object",
          "properties": {
            "project_id": {"type": "string", "description": "Only this workspace's jobs"},
            "status": {"type": "string", "enum": ["pending", "running", "completed", "failed", "cancelled"]},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "At most this many (default 20)"}
          },
          "additionalProperties": false
        }
        """,
        """
        {
          "type": "object",
          "properties": {"jobs": {"type": "array", "items": %s}},
          "required": ["jobs"]
        }
        """
            .formatted(Schemas.JOB),
        (args, exchange) -> {
          Optional<String> project = args.string("project_id").map(p -> ProjectId.of(p).value());
          Optional<JobState> state =
              args.string("status")
                  .map(
                      s ->
                          JobState.parse(s)
                              .orElseThrow(
                                  () ->
                                      new ToolFailure(
                                          "status must be one of pending, running, completed,"
                                              + " failed, cancelled: got '%s'".formatted(s))));
          int limit = args.integer("limit", 20, 1, 100);
          List<Map<String, Object>> jobs = new ArrayList<>();
          for (Job job : queue.list(project, state, limit)) {
            jobs.add(JobView.of(job));
          }
          return new Tool.Output(
              Map.of("jobs", jobs), "%d job%s".formatted(jobs.size(), jobs.size() == 1 ? "" : "s"));
        });
  }

  private Tool cancel() {
    return new Tool(
        "cancel_job",
        "Cancels a pending or running indexing job. It stops within about a second, after the"
            + " batch it is writing; what was already indexed stays searchable. Cancelled is final:"
            + " start_indexing again to continue (it skips what is already indexed).",
        JOB_ID,
        """
        {
          "type": "object",
          "properties": {
            "job_id": {"type": "string"},
            "cancelled": {"type": "boolean", "description": "false when the job had already ended"},
            "status": {"type": "string"},
            "status_message": {"type": ["string", "null"]}
          },
          "required": ["job_id", "cancelled", "status"]
        }
        """,
        (args, exchange) -> {
          UUID id = jobId(args);
          if (queue.find(id).isEmpty()) {
            throw new ToolFailure(unknownJob(id));
          }
          JobQueue.Cancelled result = queue.cancel(id);
          Job job = result.job();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("job_id", job.id().toString());
          out.put("cancelled", result.changed());
          out.put("status", job.status().label());
          out.put("status_message", job.statusMessage());
          return new Tool.Output(
              out,
              result.changed()
                  ? "Cancelled job %s".formatted(job.id())
                  : "Job %s had already ended (%s): nothing to cancel"
                      .formatted(job.id(), job.status().label()));
        });
  }

  private Job job(ToolArguments args) {
    UUID id = jobId(args);
    return queue.find(id).orElseThrow(() -> new ToolFailure(unknownJob(id)));
  }

  private static String unknownJob(UUID id) {
    return "No job %s (list_jobs shows the existing ones)".formatted(id);
  }

  private static UUID jobId(ToolArguments args) {
    String text = args.requiredString("job_id").strip();
    if (!UUID_TEXT.matcher(text).matches()) {
      throw new ToolFailure(
          "job_id must be a job id as start_indexing returns it (like"
              + " 3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7d35): got '%s'"
                  .formatted(text.length() > 60 ? text.substring(0, 57) + "..." : text));
    }
    return UUID.fromString(text);
  }
}
