package dev.codebasemcp.index.chunk;

/**
 * A run of lines that is never cut further: a definition or statement that fits the budget, or one
 * line window of a piece that had to be cut by lines. Segments are grouped into chunks.
 *
 * @param first first line, from 0
 * @param last last line, inclusive
 * @param symbol the definition these lines belong to, or null when they are not one of their own
 *     (fields, statements, imports): a chunk of several segments is named by the one symbol among
 *     them, or by their scope when there are several
 * @param kind the kind of {@code symbol}, or null
 * @param scope the enclosing definition that was cut into pieces; only segments of one scope are
 *     grouped
 * @param tokens the segment's tokens, exact or estimated (see {@link Budget})
 * @param sealed a line window, grouped with nothing (it already fills the budget)
 */
record Segment(
    int first, int last, String symbol, String kind, Scope scope, int tokens, boolean sealed) {}
