package dev.codebasemcp.index.scan;

/** What a set of ignore patterns says about one path. */
enum IgnoreVerdict {
  /** The last matching pattern excludes the path. */
  IGNORED,
  /** The last matching pattern is a {@code !} negation: the path is explicitly kept. */
  INCLUDED,
  /** No pattern matches: a lower-priority source decides. */
  UNMATCHED
}
