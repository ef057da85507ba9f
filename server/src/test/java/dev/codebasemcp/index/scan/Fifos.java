package dev.codebasemcp.index.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Named pipes for tests: opening one for reading blocks until a writer comes. */
final class Fifos {
  private Fifos() {}

  /** Creates a FIFO with mkfifo(1); false when the command is not there. */
  static boolean create(Path path) throws InterruptedException {
    try {
      Process process = new ProcessBuilder("mkfifo", path.toString()).start();
      return process.waitFor() == 0 && Files.exists(path);
    } catch (IOException e) {
      return false;
    }
  }
}
