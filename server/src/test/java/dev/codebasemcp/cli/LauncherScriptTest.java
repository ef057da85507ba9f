package dev.codebasemcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** scripts/codebase-mcp finds a JDK >= 21 itself, or says clearly that one is needed. */
@Timeout(60)
class LauncherScriptTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path temp;

  @Test
  void withoutAJdk21ItSaysWhatIsNeeded() throws Exception {
    Path oldJdk = fakeJdk("17.0.2");
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", oldJdk.toString());
    env.put("PATH", toolsWithoutJava().toString());
    env.put("CODEBASE_MCP_JDK_SEARCH_PATH", "");
    var result =
        ChildProcess.finish(
            ChildProcess.start(
                List.of("/bin/bash", ROOT.resolve("scripts/codebase-mcp").toString(), "version"),
                env));

    assertEquals(1, result.exitCode(), result.stderr());
    assertEquals("", result.stdout());
    assertTrue(
        result
            .stderr()
            .startsWith("codebase-mcp: needs a JDK 21 or newer (java and javac), and found none."),
        result.stderr());
    assertTrue(result.stderr().contains(oldJdk + " (Java 17)"), result.stderr());
    assertTrue(result.stderr().contains("set JAVA_HOME"), result.stderr());
  }

  @Test
  void findsAJdk21OrNewerOnItsOwn() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", null);
    var result =
        ChildProcess.finish(
            ChildProcess.start(
                List.of(
                    "/bin/bash", "-c", ". " + ROOT.resolve("scripts/lib/jdk.sh") + " && find_jdk"),
                env));
    assertEquals(0, result.exitCode(), result.stderr());
    Path home = Path.of(result.stdout().strip());
    String release = Files.readString(home.resolve("release"));
    int feature = Integer.parseInt(release.replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1"));
    assertTrue(feature >= 21, home + " is Java " + feature);
  }

  private Path fakeJdk(String version) throws Exception {
    Path home = temp.resolve("jdk-" + version);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      Path script = home.resolve("bin").resolve(tool);
      Files.writeString(script, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  /** A PATH with the tools the launcher needs before it runs java, and no java. */
  private Path toolsWithoutJava() throws Exception {
    Path bin = temp.resolve("bin");
    Files.createDirectories(bin);
    for (String tool : List.of("bash", "dirname", "sed", "head", "readlink", "cat")) {
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path real = Path.of(dir, tool);
        if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), real);
        }
      }
    }
    return bin;
  }
}
