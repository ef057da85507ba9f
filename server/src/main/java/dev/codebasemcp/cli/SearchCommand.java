package dev.codebasemcp.cli;

import dev.codebasemcp.Engine;
import dev.codebasemcp.Main.UsageException;
import dev.codebasemcp.config.Config;
import dev.codebasemcp.search.SearchHit;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.workspace.ProjectId;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code codebase-mcp search "<query>" [--project ID] [--lang L] [--path GLOB] [--limit N]}: ranked
 * hits as {@code path:start-end symbol score} with a short snippet, on stdout.
 */
public final class SearchCommand {
  private static final int SNIPPET_LINES = 4;

  private final Config config;
  private final PrintStream out;
  private final PrintStream err;

  public SearchCommand(Config config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  public int run(List<String> args) {
    String query = null;
    ProjectId project = ProjectId.DEFAULT;
    String language = null;
    List<String> include = new ArrayList<>();
    List<String> exclude = new ArrayList<>();
    String repository = null;
    int limit = SearchRequest.DEFAULT_LIMIT;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--project" -> project = ProjectId.of(Arguments.value(args, ++i, arg));
        case "--lang", "--language" -> language = Arguments.value(args, ++i, arg);
        case "--path" -> include.add(Arguments.value(args, ++i, arg));
        case "--exclude" -> exclude.add(Arguments.value(args, ++i, arg));
        case "--repo" ->
            repository = IndexCommand.repository(Arguments.value(args, ++i, arg)).toString();
        case "--limit" ->
            limit =
                Arguments.integer(Arguments.value(args, ++i, arg), arg, 1, SearchRequest.MAX_LIMIT);
        default -> {
          if (arg.startsWith("--") || query != null) {
            throw new UsageException("search: unexpected argument '" + arg + "' (quote the query)");
          }
          query = arg;
        }
      }
    }
    if (query == null) {
      throw new UsageException("search needs a query, such as: search \"where are dates parsed\"");
    }
    SearchRequest request =
        new SearchRequest(query, limit, repository, language, include, exclude, List.of());
    try (Engine engine = Engine.open(config)) {
      SearchResult result = engine.search(project, request);
      print(result);
      return 0;
    }
  }

  private void print(SearchResult result) {
    if (result.hits().isEmpty()) {
      err.println("No results.");
    }
    boolean manyRepos = result.hits().stream().map(SearchHit::repoPath).distinct().count() > 1;
    for (SearchHit hit : result.hits()) {
      String path = manyRepos ? hit.repoPath() + "/" + hit.filePath() : hit.filePath();
      out.printf(
          Locale.ROOT,
          "%s:%d-%d  %s  %.4f%s%n",
          path,
          hit.startLine(),
          hit.endLine(),
          hit.symbol() == null ? "-" : hit.symbol(),
          hit.score(),
          hit.stale() ? "  (changed since indexed)" : "");
      hit.content()
          .lines()
          .filter(l -> !l.isBlank())
          .limit(SNIPPET_LINES)
          .forEach(l -> out.println("    " + (l.length() > 120 ? l.substring(0, 117) + "..." : l)));
      out.println();
    }
    err.printf(
        Locale.ROOT,
        "%d result%s in %d ms%s%n",
        result.hits().size(),
        result.hits().size() == 1 ? "" : "s",
        result.latencyMs(),
        result.vectorSearch() ? "" : " (keyword search only: no vectors yet)");
  }
}
