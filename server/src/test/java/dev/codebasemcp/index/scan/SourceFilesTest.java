package dev.codebasemcp.index.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceFilesTest {
  /** The default size limit, 1 MiB. */
  private static final long LIMIT = 1 << 20;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir Path dir;

  @Test
  void readsUtf8TextWithTheSha256OfItsBytesAndItsLineCount() throws IOException {
    SourceFile.Text text = readText(file("abc.txt", "abc".getBytes(StandardCharsets.UTF_8)));

    assertEquals("abc", text.text());
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HexFormat.of().formatHex(text.sha256()));
    assertEquals(1, text.lineCount());
  }

  @Test
  void readsNonAsciiText() throws IOException {
    String content = "caf\u00e9 \u65e5\u672c \ud83d\ude00\n";

    SourceFile.Text text = readText(file("u.txt", content.getBytes(StandardCharsets.UTF_8)));

    assertEquals(content, text.text());
  }

  static Stream<Arguments> lineCounts() {
    return Stream.of(
        Arguments.of("", 0),
        Arguments.of("a", 1),
        Arguments.of("a\n", 1),
        Arguments.of("a\nb", 2),
        Arguments.of("\n", 1),
        Arguments.of("\n\n", 2),
        Arguments.of("a\r\nb\r\n", 2),
        Arguments.of("x\n".repeat(1000) + "tail", 1001),
        Arguments.of("0123456\n89abcde\n", 2));
  }

  @ParameterizedTest
  @MethodSource("lineCounts")
  void countsAFinalLineWithoutNewlineAndNoLinesInAnEmptyFile(String content, int lines)
      throws IOException {
    assertEquals(
        lines, readText(file("f.txt", content.getBytes(StandardCharsets.UTF_8))).lineCount());
  }

  @Test
  void countsNewlinesAtEveryPositionWithinAWord() {
    for (int length = 0; length < 40; length++) {
      for (int newline = 0; newline < length; newline++) {
        byte[] bytes = "a".repeat(length).getBytes(StandardCharsets.UTF_8);
        bytes[newline] = '\n';
        int expected = newline == length - 1 ? 1 : 2;
        assertEquals(expected, SourceFiles.lineCount(bytes, 0), length + "/" + newline);
      }
    }
  }

  @Test
  void byteOrderMarkIsStrippedFromTheTextButHashedAsOnDisk() throws Exception {
    byte[] bytes = concat(BOM, "hi\n".getBytes(StandardCharsets.UTF_8));

    SourceFile.Text text = readText(file("bom.txt", bytes));
    SourceFile.Text onlyBom = readText(file("only-bom.txt", BOM));

    assertEquals("hi\n", text.text());
    assertEquals(1, text.lineCount());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes), text.sha256());
    assertEquals("", onlyBom.text());
    assertEquals(0, onlyBom.lineCount());
  }

  @Test
  void nulByteInTheFirst8KibMakesAFileBinary() throws IOException {
    byte[] early = "a".repeat(9000).getBytes(StandardCharsets.UTF_8);
    early[8191] = 0;
    byte[] late = "a".repeat(9000).getBytes(StandardCharsets.UTF_8);
    late[8192] = 0;

    SourceFile.Skipped skipped = readSkipped(file("early.bin.txt", early), SkipReason.BINARY);

    assertEquals("NUL byte at offset 8191", skipped.detail());
    // A NUL past the probe is valid UTF-8 (U+0000): such a file is text.
    assertInstanceOf(SourceFile.Text.class, SourceFiles.read(file("late.txt", late), LIMIT));
  }

  static Stream<Arguments> invalidUtf8() {
    byte[] ab = "ab".getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of(
            "bad continuation", concat("abc".getBytes(StandardCharsets.UTF_8), b(0xC3, 0x28)), 3),
        Arguments.of("overlong '/'", concat(ab, b(0xC0, 0xAF)), 2),
        Arguments.of("encoded surrogate", concat(ab, b(0xED, 0xA0, 0x80)), 2),
        Arguments.of("truncated at the end", concat(ab, b(0xE6, 0x97)), 2),
        Arguments.of("Latin-1 byte", concat(ab, b(0xE9), ab), 2),
        Arguments.of("after a BOM (offset counts it)", concat(BOM, ab, b(0xFF)), 5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidUtf8")
  void invalidUtf8IsUndecodableAndTheDetailGivesTheByteOffset(
      String description, byte[] bytes, int offset) throws IOException {
    SourceFile.Skipped skipped = readSkipped(file("bad.txt", bytes), SkipReason.UNDECODABLE);

    assertEquals("invalid UTF-8 at byte offset " + offset, skipped.detail());
  }

  @Test
  void replacementCharacterWrittenInTheFileIsValidText() throws IOException {
    String content = "before \uFFFD after\n";

    assertEquals(
        content, readText(file("fffd.txt", content.getBytes(StandardCharsets.UTF_8))).text());
  }

  @Test
  void fileThatGrewPastTheLimitSinceScannedIsTooLarge() throws IOException {
    ScannedFile file = file("grows.txt", "x".repeat(50).getBytes(StandardCharsets.UTF_8));
    Files.writeString(file.path(), "x".repeat(101));

    SourceFile.Skipped skipped = (SourceFile.Skipped) SourceFiles.read(file, 100);

    assertEquals(SkipReason.TOO_LARGE, skipped.reason());
    assertEquals("larger than the limit of 100 bytes", skipped.detail());
  }

  @Test
  void fileAtTheLimitIsReadInFull() throws IOException {
    ScannedFile file = file("exact.txt", "y".repeat(100).getBytes(StandardCharsets.UTF_8));

    assertEquals(100, ((SourceFile.Text) SourceFiles.read(file, 100)).text().length());
  }

  @Test
  void fileThatChangedSizeWithinTheLimitIsReadAsItIsNow() throws IOException {
    ScannedFile grown = file("grown.txt", "a".repeat(10).getBytes(StandardCharsets.UTF_8));
    Files.writeString(grown.path(), "b".repeat(80));
    ScannedFile shrunk = file("shrunk.txt", "c".repeat(90).getBytes(StandardCharsets.UTF_8));
    Files.writeString(shrunk.path(), "d".repeat(5));

    assertEquals("b".repeat(80), ((SourceFile.Text) SourceFiles.read(grown, 100)).text());
    assertEquals("d".repeat(5), ((SourceFile.Text) SourceFiles.read(shrunk, 100)).text());
  }

  @Test
  void fileRemovedSinceScannedIsUnreadable() throws IOException {
    ScannedFile file = file("gone.txt", "x".getBytes(StandardCharsets.UTF_8));
    Files.delete(file.path());

    SourceFile.Skipped skipped = readSkipped(file, SkipReason.UNREADABLE);

    assertTrue(skipped.detail().contains("no such file"), skipped::detail);
  }

  @Test
  void fifoInPlaceOfAScannedFileIsUnreadableWithoutBlocking() throws Exception {
    ScannedFile file = file("became-fifo.txt", "x".getBytes(StandardCharsets.UTF_8));
    Files.delete(file.path());
    assumeTrue(Fifos.create(file.path()), "mkfifo is not available");

    SourceFile.Skipped skipped =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> readSkipped(file, SkipReason.UNREADABLE));

    assertEquals("no longer a regular file", skipped.detail());
  }

  @Test
  void fileWithoutReadPermissionIsUnreadable() throws IOException {
    ScannedFile file = file("locked.txt", "x".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file.path()), "running as root: permissions do not apply");

    SourceFile.Skipped skipped = readSkipped(file, SkipReason.UNREADABLE);

    assertEquals("permission denied", skipped.detail());
  }

  @Test
  void sizeLimitMustBePositive() throws IOException {
    ScannedFile file = file("a.txt", "a".getBytes(StandardCharsets.UTF_8));

    assertThrows(IllegalArgumentException.class, () -> SourceFiles.read(file, 0));
  }

  private ScannedFile file(String name, byte[] bytes) throws IOException {
    Path path = dir.resolve(name);
    Files.write(path, bytes);
    return new ScannedFile(path, name, bytes.length, Instant.EPOCH);
  }

  private static SourceFile.Text readText(ScannedFile file) {
    return assertInstanceOf(SourceFile.Text.class, SourceFiles.read(file, LIMIT));
  }

  private static SourceFile.Skipped readSkipped(ScannedFile file, SkipReason reason) {
    SourceFile.Skipped skipped =
        assertInstanceOf(SourceFile.Skipped.class, SourceFiles.read(file, LIMIT));
    assertEquals(reason, skipped.reason(), skipped::detail);
    assertEquals(file, skipped.file());
    return skipped;
  }

  private static byte[] b(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
