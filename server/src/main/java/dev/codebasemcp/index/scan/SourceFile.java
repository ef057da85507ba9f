package dev.codebasemcp.index.scan;

/**
 * A scanned file's content, read and checked: UTF-8 text with its SHA-256, or the reason it cannot
 * be indexed.
 */
public sealed interface SourceFile {
  /** The file as indexed text. */
  record Text(ScannedFile file, String text, byte[] sha256, int lineCount) implements SourceFile {}

  /**
   * The file cannot be indexed; {@code detail} says more than the reason (such as the I/O error).
   */
  record Skipped(ScannedFile file, SkipReason reason, String detail) implements SourceFile {}
}
