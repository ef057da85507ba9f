package dev.codebasemcp.mcp;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON schema text blocks as the SDK takes them. Stateless. */
final class Schemas {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Schemas() {}

  static Map<String, Object> parse(String schema) {
    return JSON.readValue(schema, new TypeReference<Map<String, Object>>() {});
  }

  @SuppressWarnings("unchecked")
  static Set<String> propertyNames(String schema) {
    Object properties = parse(schema).get("properties");
    return properties instanceof Map<?, ?> map
        ? new LinkedHashSet<>(((Map<String, Object>) map).keySet())
        : Set.of();
  }

  /** The schema of one job's status, shared by the job tools' outputs. */
  static final String JOB =
      """
      {
        "type": "object",
        "properties": {
          "job_id": {"type": "string", "description": "The job's id"},
          "project_id": {"type": "string"},
          "repo_path": {"type": "string"},
          "status": {"type": "string", "enum": ["pending", "running", "completed", "failed", "cancelled"]},
          "status_message": {"type": ["string", "null"], "description": "What happened, in words"},
          "phase": {"type": ["string", "null"], "description": "chunking, embedding or done"},
          "force_reindex": {"type": "boolean"},
          "files_total": {"type": "integer", "description": "Files found so far (final once chunking ends)"},
          "files_indexed": {"type": "integer", "description": "Files handled: re-chunked or found unchanged"},
          "files_skipped": {"type": "integer"},
          "skipped_by_reason": {"type": "object", "additionalProperties": {"type": "integer"}},
          "chunks_created": {"type": "integer"},
          "chunks_to_embed": {"type": "integer"},
          "chunks_embedded": {"type": "integer"},
          "error_message": {"type": ["string", "null"]},
          "errors_count": {"type": "integer", "description": "Files that could not be indexed"},
          "errors_sample": {"type": "array", "items": {"type": "string"}},
          "attempts": {"type": "integer", "description": "Worker runs; more than 1 after a takeover"},
          "queue_position": {"type": ["integer", "null"], "description": "Pending jobs ahead of this one"},
          "created_at": {"type": "string"},
          "started_at": {"type": ["string", "null"]},
          "completed_at": {"type": ["string", "null"]},
          "elapsed_ms": {"type": ["integer", "null"]},
          "eta_ms": {"type": ["integer", "null"], "description": "Estimated time left in the current phase"}
        },
        "required": ["job_id", "project_id", "repo_path", "status", "status_message"]
      }
      """;
}
