package dev.codebasemcp.search;

/**
 * One search result: a place in a file, with the code there.
 *
 * @param filePath path relative to its repository, '/'-separated
 * @param repoPath the repository's root path
 * @param language the file's language, or null
 * @param symbol symbol path of the code there, or null
 * @param kind kind of that symbol, or null
 * @param startLine first line, from 1
 * @param endLine last line, inclusive
 * @param score fused rank score: higher is better; comparable within one search only
 * @param content the code (capped; see {@link HybridSearch#MAX_CONTENT})
 * @param stale whether the file changed on disk (or went away) since it was indexed
 */
public record SearchHit(
    String filePath,
    String repoPath,
    String language,
    String symbol,
    String kind,
    int startLine,
    int endLine,
    double score,
    String content,
    boolean stale) {}
