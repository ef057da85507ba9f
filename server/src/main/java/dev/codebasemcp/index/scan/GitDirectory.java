package dev.codebasemcp.index.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a working tree's {@code info/exclude}: in {@code .git/} for a plain clone, and through the
 * {@code .git} file's {@code gitdir:} line (and then the {@code commondir} file) for a linked
 * worktree or a submodule, where git keeps {@code info/} in the shared repository directory.
 * Stateless and thread-safe.
 */
final class GitDirectory {
  private GitDirectory() {}

  /** The {@code info/exclude} file that applies to the working tree at {@code root}, if any. */
  static Optional<Path> infoExclude(Path root) {
    try {
      Path dotGit = root.resolve(".git");
      Path gitDir;
      if (Files.isDirectory(dotGit, LinkOption.NOFOLLOW_LINKS)) {
        gitDir = dotGit;
      } else if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
        String line = firstLine(dotGit);
        if (!line.startsWith("gitdir:")) {
          return Optional.empty();
        }
        gitDir = root.resolve(line.substring("gitdir:".length()).strip());
      } else {
        return Optional.empty();
      }
      Path commonDirFile = gitDir.resolve("commondir");
      Path commonDir =
          Files.isRegularFile(commonDirFile)
              ? gitDir.resolve(firstLine(commonDirFile).strip()).normalize()
              : gitDir;
      Path exclude = commonDir.resolve("info").resolve("exclude");
      return Files.isRegularFile(exclude) ? Optional.of(exclude) : Optional.empty();
    } catch (IOException | InvalidPathException e) {
      // A damaged .git is git's business; the scan goes on with the other ignore sources.
      return Optional.empty();
    }
  }

  private static String firstLine(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
