package dev.codebasemcp.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.codebasemcp.TestPostgres;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The index pool grows to what the job limit needs, also once it is open. */
class IndexPoolTest {
  @Test
  void reservingConnectionsGrowsThePoolAndNeverShrinksIt() {
    try (TestPostgres.Scratch s = TestPostgres.scratch()) {
      Database db = s.db();
      assertEquals(4, db.indexPoolSize(), "the configured size to begin with");
      db.reserveIndexConnections(3);
      assertEquals(4, db.indexPoolSize(), "a smaller need leaves it as it was");
      DSLContext index = db.indexDsl(); // open at 4 connections
      db.reserveIndexConnections(6);
      assertEquals(6, db.indexPoolSize());
      // Six connections held at once: with the pool still at 4 the fifth would wait 10 s and fail.
      assertEquals(6, hold(index, 6));
      db.reserveIndexConnections(1_000);
      assertEquals(200, db.indexPoolSize(), "capped");
    }
  }

  /** Holds {@code n} connections of the pool at once; returns how many were open together. */
  private static int hold(DSLContext index, int n) {
    if (n == 0) {
      return 0;
    }
    return index.connectionResult(
        c -> {
          try (var statement = c.createStatement()) {
            statement.execute("select 1");
          }
          return 1 + hold(index, n - 1);
        });
  }
}
