package dev.codebasemcp.index.chunk;

/**
 * A piece of a file that is embedded and searched as one unit.
 *
 * @param index position within its file, from 0
 * @param startLine first line, from 1
 * @param endLine last line, inclusive
 * @param content the chunk's text, exactly as in the file
 * @param symbol symbol path such as {@code StringUtils.reverse}, or null for top-level code and
 *     line windows
 * @param kind symbol kind such as {@code method}, {@code class}, {@code function}, or null
 * @param language language of the file, such as {@code java}, or null when unknown
 */
public record Chunk(
    int index,
    int startLine,
    int endLine,
    String content,
    String symbol,
    String kind,
    String language) {}
