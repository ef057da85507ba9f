package dev.codebasemcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  /** Hands out at most {@code chunk} characters per read, as a pipe does. */
  private static Reader trickle(String text, int chunk) {
    StringReader in = new StringReader(text);
    return new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, Math.min(length, chunk));
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void splitsLinesWhateverTheReadsLookLike() throws IOException {
    String long1 = "x".repeat(20_000);
    String text = "{\"a\":1}\r\n\n" + long1 + "\nlast without terminator";
    for (int chunk : new int[] {1, 3, 8192, 100_000}) {
      StdioTransport.LineReader lines = new StdioTransport.LineReader(trickle(text, chunk));
      assertEquals("{\"a\":1}", lines.next(), "chunk " + chunk);
      assertEquals("", lines.next());
      assertEquals(long1, lines.next());
      assertEquals("last without terminator", lines.next());
      assertNull(lines.next());
      assertFalse(lines.lastWasTooLong());
    }
  }

  @Test
  void anOversizeLineIsDroppedAndReadingGoesOn() throws IOException {
    String huge = "y".repeat(StdioTransport.MAX_LINE_CHARS + 1);
    StdioTransport.LineReader lines =
        new StdioTransport.LineReader(trickle(huge + "\n{\"ok\":true}\n", 65_536));
    assertEquals("", lines.next());
    assertTrue(lines.lastWasTooLong());
    assertEquals("{\"ok\":true}", lines.next());
    assertFalse(lines.lastWasTooLong());
    assertNull(lines.next());
  }
}
