package dev.codebasemcp.index.scan;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Reads a scanned file once and checks its content: text to index, or the reason it cannot be.
 * Stateless and thread-safe.
 */
public final class SourceFiles {
  /** How far into a file a NUL byte marks it as binary (git looks as far). */
  static final int BINARY_PROBE_BYTES = 8 * 1024;

  /** The largest size limit a file can be read under: a Java array's. */
  static final long LARGEST_MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

  private static final int UTF8_BOM_LENGTH = 3;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;

  private SourceFiles() {}

  static void checkMaxFileSize(long maxFileSize) {
    if (maxFileSize < 1 || maxFileSize > LARGEST_MAX_FILE_SIZE) {
      throw new IllegalArgumentException(
          "maxFileSize must be between 1 and "
              + LARGEST_MAX_FILE_SIZE
              + " bytes: got "
              + maxFileSize);
    }
  }

  /**
   * Reads {@code file}: {@link SourceFile.Text} for UTF-8 text (a byte order mark removed, the
   * SHA-256 taken over the bytes as on disk), otherwise {@link SourceFile.Skipped} as {@code
   * TOO_LARGE} (it grew past the limit since scanned), {@code BINARY} (a NUL byte in the first 8
   * KiB), {@code UNDECODABLE} (not valid UTF-8; the detail gives the byte offset) or {@code
   * UNREADABLE} (the detail gives the error). Never throws for a file's own problems.
   */
  public static SourceFile read(ScannedFile file, long maxFileSize) {
    checkMaxFileSize(maxFileSize);
    byte[] bytes;
    try {
      // Opening a FIFO or a device blocks or has side effects: check it is still a regular file.
      BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return skipped(file, SkipReason.UNREADABLE, "no longer a regular file");
      }
      bytes = readAtMost(file, attributes.size(), maxFileSize);
    } catch (NoSuchFileException e) {
      return skipped(file, SkipReason.UNREADABLE, "no such file (removed since scanned?)");
    } catch (AccessDeniedException e) {
      return skipped(file, SkipReason.UNREADABLE, "permission denied");
    } catch (IOException e) {
      return skipped(file, SkipReason.UNREADABLE, "I/O error: " + e);
    }
    if (bytes == null) {
      return skipped(
          file, SkipReason.TOO_LARGE, "larger than the limit of " + maxFileSize + " bytes");
    }
    return check(file, bytes);
  }

  /** The content as text, or the reason it is not text. */
  private static SourceFile check(ScannedFile file, byte[] bytes) {
    int nul = indexOfNul(bytes, Math.min(bytes.length, BINARY_PROBE_BYTES));
    if (nul >= 0) {
      return skipped(file, SkipReason.BINARY, "NUL byte at offset " + nul);
    }
    int start = hasUtf8Bom(bytes) ? UTF8_BOM_LENGTH : 0;
    // The JDK's lenient decoder is several times faster than a strict CharsetDecoder, and turns
    // every malformed sequence into U+FFFD: only text holding one needs a strict second look.
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') >= 0) {
      int invalid = firstInvalidUtf8(bytes, start);
      if (invalid >= 0) {
        return skipped(file, SkipReason.UNDECODABLE, "invalid UTF-8 at byte offset " + invalid);
      }
    }
    return new SourceFile.Text(file, text, sha256(bytes), lineCount(bytes, start));
  }

  private static SourceFile.Skipped skipped(ScannedFile file, SkipReason reason, String detail) {
    return new SourceFile.Skipped(file, reason, detail);
  }

  /**
   * The whole file, read in one pass sized by the length seen on disk; null when it turns out
   * longer than {@code limit}.
   */
  private static byte[] readAtMost(ScannedFile file, long size, long limit) throws IOException {
    if (size > limit) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      byte[] bytes = new byte[(int) size];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          return Arrays.copyOf(bytes, buffer.position()); // shorter than when scanned
        }
      }
      ByteBuffer probe = ByteBuffer.allocate(1);
      if (channel.read(probe) < 0) {
        return bytes;
      }
      // Longer than when scanned: read on, up to one byte past the limit.
      byte[] tail = Channels.newInputStream(channel).readNBytes((int) (limit - size));
      if (size + 1 + tail.length > limit) {
        return null;
      }
      byte[] whole = Arrays.copyOf(bytes, (int) size + 1 + tail.length);
      whole[(int) size] = probe.get(0);
      System.arraycopy(tail, 0, whole, (int) size + 1, tail.length);
      return whole;
    }
  }

  private static int indexOfNul(byte[] bytes, int end) {
    for (int i = 0; i < end; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasUtf8Bom(byte[] bytes) {
    return bytes.length >= UTF8_BOM_LENGTH
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF;
  }

  /** The offset of the first byte from {@code start} that is not valid UTF-8, or -1. */
  private static int firstInvalidUtf8(byte[] bytes, int start) {
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    return decoder.decode(in, out, true).isError() ? in.position() : -1;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** Lines in the text: '\n' ends a line, and a last line without one counts too. */
  static int lineCount(byte[] bytes, int start) {
    int lines = countNewlines(bytes, start);
    return bytes.length > start && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
  }

  /** Counts '\n' bytes eight at a time (this runs over every byte indexed). */
  private static int countNewlines(byte[] bytes, int start) {
    int count = 0;
    int i = start;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
      // The high bit of each byte of t is set exactly where that byte of x is zero (a '\n'),
      // with no carry from one byte into the next.
      long t = ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
      count += Long.bitCount(t);
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        count++;
      }
    }
    return count;
  }
}
