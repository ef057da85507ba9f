package dev.codebasemcp.index.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceTextTest {
  @Test
  void linesEndAtLineFeedsAndTheLastNeedsNone() {
    assertEquals(0, new SourceText("").lineCount());
    assertEquals(1, new SourceText("\n").lineCount());
    assertEquals(2, new SourceText("a\nb").lineCount());
    assertEquals(2, new SourceText("a\nb\n").lineCount());
    assertEquals("b", new SourceText("a\nb").line(1));
  }

  @Test
  void crlfIsKeptBetweenLinesAndDroppedAtTheEnd() {
    SourceText text = new SourceText("a\r\n\r\nb\r\n");
    assertEquals(3, text.lineCount());
    assertTrue(text.isBlank(1), "a lone CR is blank");
    assertEquals("a\r\n\r\nb", text.lines(0, 2));
    assertEquals("b", text.line(2));
  }

  @Test
  void whitespaceOnlyLinesAreBlank() {
    SourceText text = new SourceText("x\n \t \ny");
    assertFalse(text.isBlank(0));
    assertTrue(text.isBlank(1));
    assertEquals(8, text.chars(0, 2), "the last line counts one break it does not have");
  }
}
