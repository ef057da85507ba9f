package dev.codebasemcp.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QueryPartsTest {
  @Test
  void keywordQueryOrsTheWords() {
    assertEquals("where | are | dates | parsed", HybridSearch.tsQuery("where are dates parsed?"));
    assertEquals("reversestring | reverse | string", HybridSearch.tsQuery("reverseString"));
    assertEquals("", HybridSearch.tsQuery("?!"));
  }

  @Test
  void identifiersAreWhatTheQueryNamesExactly() {
    assertEquals(
        Set.of("reversestring"), HybridSearch.identifiers("where is reverseString defined"));
    assertEquals(Set.of("reverse"), HybridSearch.identifiers("StringUtils.reverse"));
    assertEquals(Set.of("parse_args"), HybridSearch.identifiers("who calls parse_args"));
    assertEquals(Set.of("reverse"), HybridSearch.identifiers("reverse"));
    assertEquals(Set.of(), HybridSearch.identifiers("how are dates parsed"));
  }

  @Test
  void globsMatchAsInGitignore() {
    assertMatches("*.java", "A.java", "src/main/A.java");
    assertNoMatch("*.java", "A.javas", "src/A.py");
    assertMatches("src/**/*.java", "src/A.java", "src/a/b/A.java");
    assertNoMatch("src/**/*.java", "test/src/A.java");
    assertMatches("src/*.py", "src/a.py");
    assertNoMatch("src/*.py", "src/x/a.py");
    assertMatches("docs/", "docs/a.md", "docs/x/y.md");
    assertMatches("*.{ts,tsx}", "a.ts", "b/c.tsx");
    assertMatches("file?.txt", "file1.txt");
    assertMatches("[ab].c", "a.c", "b.c");
    assertNoMatch("[ab].c", "c.c");
  }

  @Test
  void badRequestsSayWhatToFix() {
    assertMessage(() -> SearchRequest.of("  "), "query must not be empty");
    assertMessage(
        () -> SearchRequest.of("x").withLimit(0), "limit must be between 1 and 50: got 0");
    assertMessage(
        () -> SearchRequest.of("x").withLimit(51), "limit must be between 1 and 50: got 51");
    assertMessage(
        () -> new SearchRequest("x", 5, "relative/repo", null, List.of(), List.of(), List.of()),
        "repository must be an absolute path");
    assertMessage(
        () -> new SearchRequest("x", 5, null, null, List.of("src/[a"), List.of(), List.of()),
        "unclosed '['");
    assertMessage(() -> SearchRequest.of("x".repeat(2001)), "at most 2000 characters");
  }

  private static void assertMessage(Runnable r, String expected) {
    SearchException e = assertThrows(SearchException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertMatches(String glob, String... paths) {
    Pattern p = Pattern.compile(Globs.toRegex(glob));
    for (String path : paths) {
      assertTrue(p.matcher(path).matches(), glob + " should match " + path + " (" + p + ")");
    }
  }

  private static void assertNoMatch(String glob, String... paths) {
    Pattern p = Pattern.compile(Globs.toRegex(glob));
    for (String path : paths) {
      assertTrue(!p.matcher(path).matches(), glob + " should not match " + path + " (" + p + ")");
    }
  }
}
