package dev.codebasemcp.mcp;

import dev.codebasemcp.Engine;
import dev.codebasemcp.jobs.Job;
import dev.codebasemcp.jobs.JobQueue;
import dev.codebasemcp.search.SearchHit;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.workspace.ProjectId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** search_code. Thread-safe. */
final class SearchTool {
  private final Engine engine;
  private final JobQueue queue;

  SearchTool(Engine engine, JobQueue queue) {
    this.engine = engine;
    this.queue = queue;
  }

  Tool tool() {
    return new Tool(
        "search_code",
        "Searches indexed code by meaning and by keyword (hybrid): ask in plain English (\"where"
            + " is the retry policy configured\") or with identifiers (\"reverseString\")."
            + " Returns the best-matching chunks with file, lines, symbol and content. index_state"
            + " says whether indexing is still under way (results may then be incomplete).",
        """
        {
          "type": "object",
          "properties": {
            "query": {"type": "string", "description": "What to look for"},
            "project_id": {"type": "string", "description": "Workspace to search (default: 'default')"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "Results to return (default 10)"},
            "language": {"type": "string", "description": "Only this language, e.g. java, python, typescript"},
            "path": {"type": "string", "description": "Only files whose path matches this glob, e.g. 'src/**/*.java'"},
            "exclude_path": {"type": "string", "description": "Leave out files whose path matches this glob, e.g. '**/test/**'"},
            "extension": {"type": "string", "description": "Only files with this extension, e.g. 'py'"},
            "repository": {"type": "string", "description": "Only this repository (its absolute path)"}
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """,
        """
        {
          "type": "object",
          "properties": {
            "results": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "file_path": {"type": "string", "description": "Relative to its repository"},
                  "repo_path": {"type": "string"},
                  "language": {"type": ["string", "null"]},
                  "symbol": {"type": ["string", "null"]},
                  "kind": {"type": ["string", "null"]},
                  "start_line": {"type": "integer"},
                  "end_line": {"type": "integer"},
                  "score": {"type": "number"},
                  "content": {"type": "string"},
                  "stale": {"type": "boolean", "description": "The file changed on disk since it was indexed"}
                },
                "required": ["file_path", "repo_path", "start_line", "end_line", "score", "content", "stale"]
              }
            },
            "total": {"type": "integer"},
            "latency_ms": {"type": "integer"},
            "index_state": {
              "type": "object",
              "properties": {
                "indexing": {"type": "boolean", "description": "A job for this workspace is pending or running"},
                "active_jobs": {"type": "array", "items": {"type": "string"}},
                "vector_search": {"type": "boolean", "description": "Whether semantic (vector) search took part"},
                "message": {"type": "string"}
              },
              "required": ["indexing", "active_jobs", "vector_search", "message"]
            }
          },
          "required": ["results", "total", "latency_ms", "index_state"]
        }
        """,
        (args, exchange) -> {
          String query = args.requiredString("query");
          ProjectId project = ProjectId.of(args.string("project_id").orElse("default"));
          SearchRequest request =
              new SearchRequest(
                  query,
                  args.integer("limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT),
                  args.string("repository").orElse(null),
                  args.string("language").orElse(null),
                  args.string("path").map(List::of).orElse(List.of()),
                  args.string("exclude_path").map(List::of).orElse(List.of()),
                  args.string("extension").map(List::of).orElse(List.of()));
          if (engine.workspaces().find(project).isEmpty()) {
            throw new ToolFailure(
                project.value().equals("default")
                    ? "Nothing is indexed yet: index a repository with start_indexing first"
                    : "No workspace '%s': create_workspace, then start_indexing, then search"
                        .formatted(project));
          }
          SearchResult result = engine.search(project, request);
          List<Map<String, Object>> hits = new ArrayList<>();
          for (SearchHit hit : result.hits()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("file_path", hit.filePath());
            h.put("repo_path", hit.repoPath());
            h.put("language", hit.language());
            h.put("symbol", hit.symbol());
            h.put("kind", hit.kind());
            h.put("start_line", hit.startLine());
            h.put("end_line", hit.endLine());
            h.put("score", hit.score());
            h.put("content", hit.content());
            h.put("stale", hit.stale());
            hits.add(h);
          }
          List<Job> active = queue.active(project.value());
          Map<String, Object> state = new LinkedHashMap<>();
          state.put("indexing", !active.isEmpty());
          state.put("active_jobs", active.stream().map(j -> j.id().toString()).toList());
          state.put("vector_search", result.vectorSearch());
          state.put("message", stateMessage(active, result.vectorSearch()));
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("results", hits);
          out.put("total", hits.size());
          out.put("latency_ms", result.latencyMs());
          out.put("index_state", state);
          String top =
              hits.isEmpty()
                  ? ""
                  : "; best: %s:%d-%d"
                      .formatted(
                          hits.get(0).get("file_path"),
                          hits.get(0).get("start_line"),
                          hits.get(0).get("end_line"));
          return new Tool.Output(
              out,
              "%d result%s for \"%s\" in '%s' (%d ms)%s%s"
                  .formatted(
                      hits.size(),
                      hits.size() == 1 ? "" : "s",
                      abbreviate(request.query()),
                      project,
                      result.latencyMs(),
                      top,
                      active.isEmpty() ? "" : "; indexing still under way"));
        });
  }

  private static String stateMessage(List<Job> active, boolean vectors) {
    if (!active.isEmpty()) {
      Job job = active.get(0);
      return "Indexing under way (job %s, %s): results may be incomplete"
          .formatted(job.id(), job.status().label());
    }
    return vectors
        ? "Index up to date as of the last job"
        : "Keyword search only: no chunk has a vector yet";
  }

  private static String abbreviate(String query) {
    return query.length() > 60 ? query.substring(0, 57) + "..." : query;
  }
}
