package dev.codebasemcp.search;

import static dev.codebasemcp.EngineFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.Engine;
import dev.codebasemcp.EngineFixture;
import dev.codebasemcp.index.Fixtures;
import dev.codebasemcp.index.IndexListener;
import dev.codebasemcp.workspace.ProjectId;
import dev.codebasemcp.workspace.WorkspaceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid ranking and filters on a small fixture, with the real model and database. */
@Timeout(300)
class HybridSearchTest {
  static final ProjectId A = ProjectId.of("search-a");
  static final ProjectId B = ProjectId.of("search-b");

  @TempDir static Path root;
  static Path repoA;
  static Path repoA2;
  static Path repoB;
  static EngineFixture fixture;
  static Engine engine;

  @BeforeAll
  static void index() throws Exception {
    repoA = root.resolve("a");
    repoA2 = root.resolve("a2");
    repoB = root.resolve("b");
    write(repoA, "src/main/java/text/StringUtils.java", Fixtures.STRING_UTILS);
    write(repoA, "scripts/dates.py", Fixtures.DATES);
    write(repoA, "web/http.js", Fixtures.HTTP);
    write(
        repoA,
        "src/main/java/text/Slugs.java",
        """
        package text;

        /** URL slugs. */
        final class Slugs {
          /** Lowercases a title and joins its words with hyphens: "Hello World" gives hello-world. */
          static String slugify(String title) {
            return title.trim().toLowerCase().replaceAll("[^a-z0-9]+", "-");
          }
        }
        """);
    write(
        repoA,
        "test/text/StringUtilsTest.java",
        "class StringUtilsTest { void reversesText() {} }\n");
    write(
        repoA2,
        "lib/checksum.py",
        "import hashlib\n\n\ndef sha256_hex(data):\n    return hashlib.sha256(data).hexdigest()\n");
    write(
        repoB,
        "secret/Vault.java",
        "class Vault { String unlockTheVault(String key) { return key; } }\n");
    fixture = EngineFixture.create();
    engine = fixture.engine();
    engine.index(A, repoA, false, IndexListener.NONE, () -> false);
    engine.index(A, repoA2, false, IndexListener.NONE, () -> false);
    engine.index(B, repoB, false, IndexListener.NONE, () -> false);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  static List<SearchHit> search(SearchRequest request) {
    return engine.search(A, request).hits();
  }

  @Test
  void plainEnglishFindsTheRightCode() {
    assertEquals(
        "scripts/dates.py", search(SearchRequest.of("how do we parse a date")).get(0).filePath());
    assertEquals(
        "web/http.js",
        search(SearchRequest.of("fetch JSON over HTTP with a timeout")).get(0).filePath());
    assertEquals(
        "src/main/java/text/Slugs.java",
        search(SearchRequest.of("turn a title into a url friendly string")).get(0).filePath());
  }

  @Test
  void anExactIdentifierComesFirst() {
    SearchHit hit = search(SearchRequest.of("isPalindrome")).get(0);
    assertEquals("src/main/java/text/StringUtils.java", hit.filePath());
    assertTrue(hit.content().contains("isPalindrome"), hit.content());
    assertEquals("sha256_hex", search(SearchRequest.of("sha256_hex")).get(0).symbol());
  }

  @Test
  void hitsCarryWhereTheCodeIs() {
    SearchHit hit = search(SearchRequest.of("slugify")).get(0);
    assertEquals(repoA.toString(), hit.repoPath());
    assertEquals("java", hit.language());
    assertTrue(hit.startLine() >= 1 && hit.endLine() >= hit.startLine());
    List<String> lines = List.of(hit.content().split("\n"));
    assertTrue(lines.stream().anyMatch(l -> l.contains("static String slugify")), hit.content());
    assertFalse(hit.stale());
    assertTrue(hit.score() > 0);
  }

  @Test
  void filtersNarrowTheResults() {
    assertTrue(
        search(new SearchRequest("string", 10, null, "python", List.of(), List.of(), List.of()))
            .stream()
            .allMatch(h -> "python".equals(h.language())));
    assertTrue(
        search(new SearchRequest("string", 10, null, null, List.of("src/**"), List.of(), List.of()))
            .stream()
            .allMatch(h -> h.filePath().startsWith("src/")));
    assertTrue(
        search(
                new SearchRequest(
                    "reverse", 10, null, null, List.of(), List.of("test/**"), List.of()))
            .stream()
            .noneMatch(h -> h.filePath().startsWith("test/")));
    assertTrue(
        search(new SearchRequest("string", 10, null, null, List.of(), List.of(), List.of("js")))
            .stream()
            .allMatch(h -> h.filePath().endsWith(".js")));
    List<SearchHit> onlyA2 =
        search(
            new SearchRequest(
                "hash", 10, repoA2.toString(), null, List.of(), List.of(), List.of()));
    assertFalse(onlyA2.isEmpty());
    assertTrue(onlyA2.stream().allMatch(h -> h.repoPath().equals(repoA2.toString())));
  }

  @Test
  void limitIsHonoured() {
    assertEquals(2, search(SearchRequest.of("string").withLimit(2)).size());
  }

  @Test
  void workspacesNeverSeeEachOthersCode() {
    assertTrue(
        search(SearchRequest.of("unlockTheVault")).stream()
            .noneMatch(h -> h.filePath().contains("Vault")));
    assertEquals(
        "secret/Vault.java",
        engine.search(B, SearchRequest.of("unlockTheVault")).hits().get(0).filePath());
  }

  @Test
  void aFileChangedOnDiskIsMarkedStale() throws Exception {
    Path file = repoA2.resolve("lib/checksum.py");
    String original = Files.readString(file);
    try {
      Files.writeString(file, original + "\n# edited\n");
      assertTrue(search(SearchRequest.of("sha256_hex")).get(0).stale());
    } finally {
      Files.writeString(file, original);
      engine.index(A, repoA2, false, IndexListener.NONE, () -> false);
    }
  }

  @Test
  void anUnknownWorkspaceIsAClearError() {
    WorkspaceException e =
        assertThrows(
            WorkspaceException.class,
            () -> engine.search(ProjectId.of("nowhere"), SearchRequest.of("x")));
    assertTrue(e.getMessage().contains("No workspace 'nowhere'"), e.getMessage());
  }
}
