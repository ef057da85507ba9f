package dev.codebasemcp.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param hits best first
 * @param latencyMs time taken, query embedding included
 * @param vectorSearch whether the meaning-based leg took part (false before any chunk has a vector,
 *     or when the model is unavailable)
 */
public record SearchResult(List<SearchHit> hits, long latencyMs, boolean vectorSearch) {
  public SearchResult {
    hits = List.copyOf(hits);
  }
}
