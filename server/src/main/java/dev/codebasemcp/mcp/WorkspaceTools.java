package dev.codebasemcp.mcp;

import dev.codebasemcp.Engine;
import dev.codebasemcp.jobs.JobQueue;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.Workspace;
import dev.codebasemcp.workspace.Workspaces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** create_workspace, list_workspaces and delete_workspace. Thread-safe. */
final class WorkspaceTools {
  private final Engine engine;
  private final JobQueue jobs;

  WorkspaceTools(Engine engine, JobQueue jobs) {
    this.engine = engine;
    this.jobs = jobs;
  }

  List<Tool> tools() {
    return List.of(create(), list(), delete());
  }

  static final String PROJECT_ID_DESCRIPTION =
      "Workspace id: lowercase letters, digits and single hyphens, 1-50 characters (e.g."
          + " 'my-project')";

  private Tool create() {
    return new Tool(
        "create_workspace",
        "Creates a workspace: a separate index (its own PostgreSQL schema) that repositories are"
            + " indexed into and searched in. Idempotent: an existing workspace is returned with"
            + " created=false. The 'default' workspace is created automatically by start_indexing.",
        """
        {
          "type": "object",
          "properties": {
            "project_id": {"type": "string", "description": "%s"},
            "description": {"type": "string", "description": "What the workspace holds (optional)"}
          },
          "required": ["project_id"],
          "additionalProperties": false
        }
        """
            .formatted(PROJECT_ID_DESCRIPTION),
        """
        {
          "type": "object",
          "properties": {
            "project_id": {"type": "string"},
            "schema_name": {"type": "string"},
            "created": {"type": "boolean", "description": "false when it already existed"},
            "embedding_model": {"type": "string"},
            "embedding_dim": {"type": "integer"}
          },
          "required": ["project_id", "schema_name", "created", "embedding_model", "embedding_dim"]
        }
        """,
        (args, exchange) -> {
          ProjectId id = ProjectId.of(args.requiredString("project_id"));
          String description = args.string("description").map(String::strip).orElse(null);
          Workspaces.Created created = engine.createWorkspace(id);
          if (description != null && !description.isEmpty()) {
            engine.workspaces().describe(id, description);
          }
          Workspace w = created.workspace();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("project_id", id.value());
          out.put("schema_name", w.schemaName());
          out.put("created", created.created());
          out.put("embedding_model", w.embeddingModel());
          out.put("embedding_dim", w.embeddingDim());
          return new Tool.Output(
              out,
              (created.created()
                      ? "Created workspace '%s' (%s, %d dimensions)"
                      : "Workspace '%s' already exists (%s, %d dimensions)")
                  .formatted(id, w.embeddingModel(), w.embeddingDim()));
        });
  }

  private Tool list() {
    return new Tool(
        "list_workspaces",
        "Lists the workspaces with what each holds: repositories, files and chunks indexed.",
        """
        {"type": "object", "properties": {}, "additionalProperties": false}
        """,
        """
        {
          "type": "object",
          "properties": {
            "workspaces": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "project_id": {"type": "string"},
                  "schema_name": {"type": "string"},
                  "created_at": {"type": "string"},
                  "description": {"type": ["string", "null"]},
                  "embedding_model": {"type": "string"},
                  "embedding_dim": {"type": "integer"},
                  "repositories": {"type": "integer"},
                  "files": {"type": "integer"},
                  "chunks": {"type": "integer"}
                },
                "required": ["project_id", "schema_name", "created_at", "repositories", "files", "chunks"]
              }
            }
          },
          "required": ["workspaces"]
        }
        """,
        (args, exchange) -> {
          List<Map<String, Object>> rows = new ArrayList<>();
          long chunks = 0;
          Map<ProjectId, String> descriptions = engine.workspaces().descriptions();
          for (Workspace w : engine.workspaces().list()) {
            Workspaces.Stats stats = engine.workspaces().stats(w);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", w.projectId().value());
            row.put("schema_name", w.schemaName());
            row.put("created_at", w.createdAt().toString());
            row.put("description", descriptions.get(w.projectId()));
            row.put("embedding_model", w.embeddingModel());
            row.put("embedding_dim", w.embeddingDim());
            row.put("repositories", stats.repositories());
            row.put("files", stats.files());
            row.put("chunks", stats.chunks());
            chunks += stats.chunks();
            rows.add(row);
          }
          return new Tool.Output(
              Map.of("workspaces", rows),
              "%d workspace%s, %,d chunks in all"
                  .formatted(rows.size(), rows.size() == 1 ? "" : "s", chunks));
        });
  }

  private Tool delete() {
    return new Tool(
        "delete_workspace",
        "Deletes a workspace: drops its index and its job history. Refused while one of its jobs"
            + " is running (cancel it with cancel_job first). Cannot be undone.",
        """
        {
          "type": "object",
          "properties": {"project_id": {"type": "string", "description": "%s"}},
          "required": ["project_id"],
          "additionalProperties": false
        }
        """
            .formatted(PROJECT_ID_DESCRIPTION),
        """
        {
          "type": "object",
          "properties": {
            "project_id": {"type": "string"},
            "deleted": {"type": "boolean"},
            "jobs_deleted": {"type": "integer"}
          },
          "required": ["project_id", "deleted", "jobs_deleted"]
        }
        """,
        (args, exchange) -> {
          ProjectId id = ProjectId.of(args.requiredString("project_id"));
          if (engine.workspaces().find(id).isEmpty()) {
            throw new ToolFailure(
                "No workspace '%s' (list_workspaces shows the existing ones)".formatted(id));
          }
          int jobsDeleted = jobs.deleteJobsOf(id.value());
          boolean deleted = engine.workspaces().delete(id);
          return new Tool.Output(
              Map.of("project_id", id.value(), "deleted", deleted, "jobs_deleted", jobsDeleted),
              "Deleted workspace '%s' and %d job%s"
                  .formatted(id, jobsDeleted, jobsDeleted == 1 ? "" : "s"));
        });
  }
}
