package dev.codebasemcp.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectIdTest {
  static final String FIFTY = "a".repeat(50);
  static final String FIFTY_ONE = "a".repeat(51);

  static Stream<String> validIds() {
    return Stream.of("default", "my-project", "project-123", "a", "test-2025-q1", FIFTY, "0");
  }

  @ParameterizedTest
  @MethodSource("validIds")
  void acceptsValidIds(String id) {
    assertEquals(id, ProjectId.of(id).value());
  }

  static Stream<Arguments> invalidIds() {
    return Stream.of(
        Arguments.of("My-Project", "must be lowercase: got 'My-Project' (try 'my-project')"),
        Arguments.of("my_project", "only lowercase letters, digits and single hyphens"),
        Arguments.of("my project", "a space at position 3"),
        Arguments.of("-project", "must not start or end with a hyphen"),
        Arguments.of("project-", "must not start or end with a hyphen"),
        Arguments.of("my--project", "must not contain two hyphens in a row"),
        Arguments.of("", "must not be empty"),
        Arguments.of(FIFTY_ONE, "at most 50 characters: got 51"),
        Arguments.of("'; DROP TABLE--", "''' at position 1"),
        Arguments.of("../../../etc", "'.' at position 1"),
        Arguments.of("tab\there", "control character U+0009"),
        Arguments.of("caf\u00e9", "'\u00e9' at position 4"));
  }

  @ParameterizedTest
  @MethodSource("invalidIds")
  void rejectsInvalidIdsSayingWhy(String id, String expected) {
    InvalidProjectIdException e =
        assertThrows(InvalidProjectIdException.class, () -> ProjectId.of(id));
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
  }

  @Test
  void rejectsNull() {
    assertThrows(InvalidProjectIdException.class, () -> ProjectId.of(null));
  }

  @Test
  void schemaNameIsDerivedDeterministicallyAndFitsPostgres() {
    assertEquals("workspace_default", ProjectId.DEFAULT.schemaName());
    assertEquals("workspace_test_2025_q1", ProjectId.of("test-2025-q1").schemaName());
    assertEquals(60, ProjectId.of(FIFTY).schemaName().length());
    // The registry's own schema is project_registry: no project id can map onto it.
    assertEquals("workspace_registry", ProjectId.of("registry").schemaName());
  }

  @Test
  void echoedValuesAreShortenedAndEscaped() {
    String longBad = "X".repeat(45) + "\n";
    InvalidProjectIdException e =
        assertThrows(InvalidProjectIdException.class, () -> ProjectId.of(longBad));
    assertTrue(e.getMessage().contains("\\u000a"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
