package dev.codebasemcp.index.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The glob language of gitignore(5), one pattern against one path. */
class GlobTest {
  @ParameterizedTest(name = "''{0}'' against ''{1}'': {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          *.java          | Main.java         | true
          *.java          | src/Main.java     | false
          *               | any name          | true
          *               | a/b               | false
          Ma?n.java       | Main.java         | true
          a?b             | a/b               | false
          a/**/b          | a/b               | true
          a/**/b          | a/x/b             | true
          a/**/b          | a/x/y/b           | true
          a/**/b          | ab                | false
          a/**/b          | a/xb              | false
          **/b            | b                 | true
          **/b            | x/y/b             | true
          **/b            | xb                | false
          a/**            | a/x               | true
          a/**            | a/x/y             | true
          a/**            | a                 | false
          **              | a/b/c             | true
          x**y            | x-y               | true
          x**y            | x/y               | false
          **y             | a/y               | false
          */b             | x/b               | true
          */b             | x/y/b             | false
          [a-c]x          | bx                | true
          [a-c]x          | dx                | false
          [!a-c]x         | dx                | true
          [^a-c]x         | ax                | false
          [!a]            | /                 | false
          []]             | ]                 | true
          [!]]            | a                 | true
          [a-]            | -                 | true
          [[:upper:]]     | Q                 | true
          [[:upper:]]     | q                 | false
          [[:digit:]_]x   | _x                | true
          [[:nope:]]      | n                 | false
          [abc            | [abc              | false
          ab\\            | ab\\              | false
          \\*             | *                 | true
          \\*             | x                 | false
          \\[x]           | [x]               | true
          a\\/**\\/b      | a/b               | true
          *a*b*c*         | xaybzc            | true
          *a*b*c*         | xa/bzc            | false
          """)
  void matchesLikeGit(String pattern, String path, boolean expected) {
    assertEquals(expected, Glob.compile(pattern).matches(path, 0));
  }

  @Test
  void matchesFromAnOffsetToTheEnd() {
    assertEquals(true, Glob.compile("b/*.c").matches("src/b/x.c", 4));
  }

  @Test
  void manyStarsFailFastOnALongName() {
    Glob glob = Glob.compile("*a*a*a*a*a*a*a*a*a*a*b");
    String name = "a".repeat(250);

    assertTimeoutPreemptively(
        Duration.ofSeconds(2), () -> assertFalse(glob.matches(name + "/" + name, 0)));
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertFalse(
                Glob.compile("**/*a*a*a*a*a*a*a*a*b").matches((name + "/").repeat(8) + name, 0)));
  }
}
