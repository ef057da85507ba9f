package dev.codebasemcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
  @TempDir Path dir;

  @Test
  void everyLineGoesToStderrAndPrefixedToTheFileHoweverItIsWritten() throws IOException {
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Path file = dir.resolve("logs/codebase-mcp.log");
    PrintStream tee = LogFile.tee(new PrintStream(stderr, true, StandardCharsets.UTF_8), file);
    tee.print("first line\nsecond ");
    tee.print("line, ü\nthird");
    tee.write('\n');
    byte[] two = "fourth\nfifth\n".getBytes(StandardCharsets.UTF_8);
    tee.write(two, 0, two.length);
    tee.print("unfinished");
    tee.close();

    assertEquals(
        "first line\nsecond line, ü\nthird\nfourth\nfifth\nunfinished\n",
        stderr.toString(StandardCharsets.UTF_8));
    String prefix = "[pid " + ProcessHandle.current().pid() + "] ";
    assertEquals(
        prefix
            + "first line\n"
            + prefix
            + "second line, ü\n"
            + prefix
            + "third\n"
            + prefix
            + "fourth\n"
            + prefix
            + "fifth\n"
            + prefix
            + "unfinished\n",
        Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void aFileOverTheLimitAtStartIsRotated() throws IOException {
    Path file = dir.resolve("codebase-mcp.log");
    Files.write(file, new byte[(int) LogFile.ROTATE_BYTES + 1]);
    PrintStream tee = LogFile.tee(new PrintStream(new ByteArrayOutputStream()), file);
    tee.println("after rotation");
    tee.close();
    assertTrue(Files.size(dir.resolve("codebase-mcp.log.1")) > LogFile.ROTATE_BYTES);
    String now = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(now.endsWith("] after rotation\n"), now);
    assertFalse(now.length() > 100, "a fresh file");
  }
}
