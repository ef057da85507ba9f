package dev.codebasemcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsWorkWithNoSettings() {
    Config config = Config.fromEnvironment(Map.of(), "/home/ada");
    assertEquals(Path.of("/home/ada/.local/share/codebase-mcp"), config.home());
    assertEquals(Path.of("/home/ada/.local/share/codebase-mcp/postgres"), config.postgresDir());
    assertTrue(config.databaseUrl().isEmpty());
    assertEquals(Config.DEFAULT_POOL_SIZE, config.poolSize());
    assertEquals(Config.DEFAULT_PG_PORT, config.postgresPort());
    assertEquals("info", config.logLevel());
    assertEquals(Config.DEFAULT_INDEX_NICE, config.indexNice());
    assertTrue(config.logFile().isEmpty());
    assertTrue(config.warnings().isEmpty());
  }

  @Test
  void xdgDataHomeMovesTheDefaultHome() {
    Config config = Config.fromEnvironment(Map.of("XDG_DATA_HOME", "/data"), "/home/ada");
    assertEquals(Path.of("/data/codebase-mcp"), config.home());
  }

  @Test
  void readsEverySetting() {
    Config config =
        Config.fromEnvironment(
            Map.of(
                Config.HOME, "/srv/cbm/",
                Config.DB_POOL_SIZE, "4",
                Config.PG_BINDIR, "/usr/lib/postgresql/16/bin",
                Config.PG_PORT, "6543",
                Config.LOG_LEVEL, "DEBUG",
                Config.INDEX_NICE, "0"),
            "/home/ada");
    assertEquals(Path.of("/srv/cbm"), config.home());
    assertEquals(4, config.poolSize());
    assertEquals(Path.of("/usr/lib/postgresql/16/bin"), config.postgresBinDir().orElseThrow());
    assertEquals(6543, config.postgresPort());
    assertEquals("debug", config.logLevel());
    assertEquals(0, config.indexNice());
  }

  @Test
  void theLogFileIsOnOffOrAPath() {
    Map<String, String> on = Map.of(Config.HOME, "/srv/cbm", Config.LOG_FILE, "on");
    assertEquals(
        Path.of("/srv/cbm/logs/codebase-mcp.log"),
        Config.fromEnvironment(on, "/home/ada").logFile().orElseThrow());
    assertTrue(
        Config.fromEnvironment(Map.of(Config.LOG_FILE, "off"), "/home/ada").logFile().isEmpty());
    assertEquals(
        Path.of("/var/log/cbm.log"),
        Config.fromEnvironment(Map.of(Config.LOG_FILE, "/var/log/cbm.log"), "/home/ada")
            .logFile()
            .orElseThrow());
    assertMessage(
        Map.of(Config.LOG_FILE, "logs/x.log"),
        "CODEBASE_MCP_LOG_FILE must be on, off or an absolute file path: got 'logs/x.log'");
  }

  @Test
  void badValuesNameTheVariable() {
    assertMessage(
        Map.of(Config.HOME, "relative/dir"), "CODEBASE_MCP_HOME must be an absolute path");
    assertMessage(
        Map.of(Config.DB_POOL_SIZE, "many"),
        "CODEBASE_MCP_DB_POOL_SIZE must be a whole number: got 'many'");
    assertMessage(
        Map.of(Config.DB_POOL_SIZE, "0"),
        "CODEBASE_MCP_DB_POOL_SIZE must be between 1 and 200: got 0");
    assertMessage(
        Map.of(Config.PG_PORT, "80"),
        "CODEBASE_MCP_PG_PORT must be between 1024 and 65535: got 80");
    assertMessage(
        Map.of(Config.INDEX_NICE, "20"),
        "CODEBASE_MCP_INDEX_NICE must be between 0 and 19: got 20");
    assertMessage(Map.of(Config.LOG_LEVEL, "loud"), "CODEBASE_MCP_LOG_LEVEL must be one of");
    assertMessage(
        Map.of(Config.DATABASE_URL, "mysql://localhost/db"),
        "CODEBASE_MCP_DATABASE_URL must be a PostgreSQL URL");
  }

  @Test
  void misspeltSettingsAreWarnedAbout() {
    Config config = Config.fromEnvironment(Map.of("CODEBASE_MCP_DATABSE_URL", "x"), "/home/ada");
    assertEquals(1, config.warnings().size());
    assertTrue(config.warnings().get(0).contains("CODEBASE_MCP_DATABSE_URL"));
  }

  @Test
  void blankValuesMeanUnset() {
    Config config = Config.fromEnvironment(Map.of(Config.DATABASE_URL, "  "), "/home/ada");
    assertFalse(config.databaseUrl().isPresent());
  }

  private static void assertMessage(Map<String, String> env, String expected) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.fromEnvironment(env, "/home/ada"));
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
  }
}
