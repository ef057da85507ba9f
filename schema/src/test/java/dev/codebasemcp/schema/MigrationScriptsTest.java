package dev.codebasemcp.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks the shipped scripts themselves: naming, numbering and an inverse for every migration. */
class MigrationScriptsTest {
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

  @ParameterizedTest
  @EnumSource(MigrationSet.class)
  void everyMigrationShipsItsInverse(MigrationSet set) throws Exception {
    for (String script : scripts(set.migrationDirectory())) {
      URL undo = getClass().getClassLoader().getResource(set.undoResource(script));
      assertNotNull(undo, () -> script + " has no inverse " + set.undoResource(script));
    }
  }

  @ParameterizedTest
  @EnumSource(MigrationSet.class)
  void versionsAreNumberedFromOneWithoutGaps(MigrationSet set) throws Exception {
    List<String> scripts = scripts(set.migrationDirectory());
    assertFalse(scripts.isEmpty());
    List<Integer> versions =
        scripts.stream()
            .map(
                s -> {
                  Matcher m = VERSIONED.matcher(s);
                  if (!m.matches()) {
                    throw new AssertionError("badly named migration " + s);
                  }
                  return Integer.parseInt(m.group(1));
                })
            .sorted()
            .toList();
    for (int i = 0; i < versions.size(); i++) {
      assertEquals(i + 1, versions.get(i), "versions " + versions);
    }
  }

  @ParameterizedTest
  @EnumSource(MigrationSet.class)
  void noInverseWithoutItsMigration(MigrationSet set) throws Exception {
    List<String> migrations = scripts(set.migrationDirectory());
    for (String undo : scripts(set.undoDirectory())) {
      assertEquals(
          true, migrations.contains("V" + undo.substring(1)), undo + " inverts no migration");
    }
  }

  private List<String> scripts(String directory) throws IOException, URISyntaxException {
    URL url = getClass().getClassLoader().getResource(directory);
    assertNotNull(url, directory);
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
