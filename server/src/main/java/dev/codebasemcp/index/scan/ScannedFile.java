package dev.codebasemcp.index.scan;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file the scanner found and did not skip by path, size or link: a candidate for indexing (its
 * content is checked when read, see {@link SourceFile}).
 *
 * @param path absolute path on disk
 * @param relativePath path relative to the repository root, '/'-separated
 * @param sizeBytes size when scanned
 * @param modifiedAt last modification time when scanned
 */
public record ScannedFile(Path path, String relativePath, long sizeBytes, Instant modifiedAt) {}
