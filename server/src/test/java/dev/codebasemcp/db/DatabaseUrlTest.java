package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.codebasemcp.config.ConfigException;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void parsesTheLibpqForm() {
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql://ada:s%40cret@db.local:5433/code?sslmode=require");
    assertEquals("jdbc:postgresql://db.local:5433/code?sslmode=require", url.jdbcUrl());
    assertEquals("ada", url.user());
    assertEquals("s@cret", url.password());
    assertEquals("db.local:5433/code", url.display());
  }

  @Test
  void parsesTheShortSchemeAndNoCredentials() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://localhost/code");
    assertEquals("jdbc:postgresql://localhost/code", url.jdbcUrl());
    assertNull(url.user());
    assertNull(url.password());
  }

  @Test
  void keepsTheJdbcFormAsItIs() {
    String jdbc = "jdbc:postgresql://localhost:5432/code?user=ada&password=secret";
    DatabaseUrl url = DatabaseUrl.parse(jdbc);
    assertEquals(jdbc, url.jdbcUrl());
    assertEquals("localhost:5432/code", url.display());
  }

  @Test
  void neverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://ada:secret@localhost/code");
    assertFalse(url.toString().contains("secret"));
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> DatabaseUrl.parse("mysql://ada:secret@localhost/code"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertTrue(e.getMessage().contains("ada:***@"), e.getMessage());
  }

  @Test
  void rejectsUrlsWithoutHostOrDatabase() {
    assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgresql:///code"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgresql://localhost"));
    assertTrue(e.getMessage().contains("must name a database"), e.getMessage());
  }

  @Test
  void switchesDatabaseOnTheSameServer() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://ada:pw@localhost:5432/code?sslmode=disable");
    DatabaseUrl other = url.withDatabase("scratch_1");
    assertEquals("jdbc:postgresql://localhost:5432/scratch_1?sslmode=disable", other.jdbcUrl());
    assertEquals("localhost:5432/scratch_1", other.display());
    assertEquals("pw", other.password());
  }

  @Test
  void aServerOnLoopbackIsOnThisMachine() {
    assertTrue(DatabaseUrl.parse("postgresql://u:p@localhost:5432/db").onThisMachine());
    assertTrue(DatabaseUrl.parse("postgresql://u:p@127.0.0.1:54329/db").onThisMachine());
    assertTrue(DatabaseUrl.parse("jdbc:postgresql://[::1]:5432/db").onThisMachine());
    assertTrue(DatabaseUrl.parse("jdbc:postgresql:db").onThisMachine());
    assertFalse(DatabaseUrl.parse("postgresql://u:p@db.example.com:5432/db").onThisMachine());
    assertFalse(DatabaseUrl.parse("jdbc:postgresql://10.0.0.7/db?user=u").onThisMachine());
  }
}
