package dev.codebasemcp.search;

import java.util.List;
import java.util.Locale;

/**
 * One code search: the query in plain words or identifiers, how many results, and filters.
 * Validated on construction: a bad request is a {@link SearchException} saying what to fix.
 * Immutable.
 *
 * @param query what to look for, such as "where are dates parsed" or {@code reverseString}
 * @param limit results wanted, 1-50
 * @param repository absolute root path of one repository, or null for all of the workspace
 * @param language only chunks of this language (such as {@code java}), or null
 * @param includeGlobs only files whose repository-relative path matches one of these globs ({@code
 *     src/**}, {@code *.py}); empty for all
 * @param excludeGlobs no files whose path matches one of these
 * @param extensions only files with one of these extensions (without the dot); empty for all
 */
public record SearchRequest(
    String query,
    int limit,
    String repository,
    String language,
    List<String> includeGlobs,
    List<String> excludeGlobs,
    List<String> extensions) {
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 50;
  public static final int MAX_QUERY_LENGTH = 2_000;

  public SearchRequest {
    if (query == null || query.isBlank()) {
      throw new SearchException("query must not be empty: say what to look for");
    }
    query = query.strip();
    if (query.length() > MAX_QUERY_LENGTH) {
      throw new SearchException(
          "query must be at most %d characters: got %d"
              .formatted(MAX_QUERY_LENGTH, query.length()));
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new SearchException(
          "limit must be between 1 and %d: got %d".formatted(MAX_LIMIT, limit));
    }
    if (repository != null && !repository.startsWith("/")) {
      throw new SearchException("repository must be an absolute path: got '" + repository + "'");
    }
    language =
        language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
    includeGlobs = List.copyOf(includeGlobs);
    excludeGlobs = List.copyOf(excludeGlobs);
    extensions =
        extensions.stream()
            .map(e -> e.strip().replaceFirst("^\\.", "").toLowerCase(Locale.ROOT))
            .toList();
    for (String glob : includeGlobs) {
      Globs.toRegex(glob);
    }
    for (String glob : excludeGlobs) {
      Globs.toRegex(glob);
    }
  }

  /** A request with only a query and the default limit. */
  public static SearchRequest of(String query) {
    return new SearchRequest(query, DEFAULT_LIMIT, null, null, List.of(), List.of(), List.of());
  }

  public SearchRequest withLimit(int newLimit) {
    return new SearchRequest(
        query, newLimit, repository, language, includeGlobs, excludeGlobs, extensions);
  }
}
