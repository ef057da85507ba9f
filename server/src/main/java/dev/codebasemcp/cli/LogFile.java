package dev.codebasemcp.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A copy of a long-running process's stderr (its log) in a file, for the server and the worker
 * ({@code CODEBASE_MCP_LOG_FILE}): MCP clients often keep a server's stderr out of sight. Every
 * line goes to stderr as before and, prefixed with the process id, to the file, opened for
 * appending so that the servers of several assistant windows can share it; one write per line keeps
 * their lines whole. A file over {@value #ROTATE_BYTES} bytes at start is renamed to {@code .1}
 * (the previous {@code .1} goes). Thread-safe.
 */
public final class LogFile {
  static final long ROTATE_BYTES = 10L * 1024 * 1024;

  private LogFile() {}

  /**
   * Copies what is written to {@code err} from now on to {@code file}, and makes the copy {@code
   * System.err} when {@code err} is it (so that loggers writing there are copied too).
   *
   * @return the stream to write to instead of {@code err}
   */
  public static PrintStream tee(PrintStream err, Path file) {
    OutputStream out;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file) && Files.size(file) > ROTATE_BYTES) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      err.println("codebase-mcp: cannot write the log file " + file + ": " + e + " (stderr only)");
      return err;
    }
    String prefix = "[pid " + ProcessHandle.current().pid() + "] ";
    PrintStream tee =
        new PrintStream(
            new Lines(err, out, prefix.getBytes(StandardCharsets.UTF_8)),
            true,
            StandardCharsets.UTF_8);
    if (err == System.err) {
      System.setErr(tee);
    }
    return tee;
  }

  /** Collects bytes into lines; each whole line goes to stderr and, prefixed, to the file. */
  private static final class Lines extends OutputStream {
    private final PrintStream err;
    private final OutputStream file;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean fileBroken;

    Lines(PrintStream err, OutputStream file, byte[] prefix) {
      this.err = err;
      this.file = file;
      this.prefix = prefix;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      int start = offset;
      int end = offset + length;
      for (int i = offset; i < end; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, start, i + 1 - start);
          emit();
          start = i + 1;
        }
      }
      line.write(bytes, start, end - start);
    }

    @Override
    public synchronized void flush() {
      err.flush();
    }

    private void emit() {
      byte[] bytes = line.toByteArray();
      line.reset();
      err.write(bytes, 0, bytes.length);
      err.flush();
      if (fileBroken) {
        return;
      }
      byte[] record = new byte[prefix.length + bytes.length];
      System.arraycopy(prefix, 0, record, 0, prefix.length);
      System.arraycopy(bytes, 0, record, prefix.length, bytes.length);
      try {
        file.write(record); // one write: lines of several processes do not mix
      } catch (IOException e) {
        fileBroken = true;
        String message = "codebase-mcp: writing the log file failed (" + e + "): stderr only\n";
        err.write(message.getBytes(StandardCharsets.UTF_8), 0, message.length());
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (line.size() > 0) {
        line.write('\n');
        emit();
      }
      file.close();
    }
  }
}
