package dev.codebasemcp.search;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.SQLDataType;

/**
 * How common each word of a workspace's code is: the most common lexemes of {@code
 * code_chunks.search_tsv} and their share of chunks, from PostgreSQL's own statistics (pg_stats,
 * kept by ANALYZE). The keyword leg uses it to select candidates by the rarer words of a query, so
 * that a common word such as "string" never makes it rank tens of thousands of chunks. Cached per
 * schema for a minute. Thread-safe.
 */
final class TermStats {
  private static final long TTL_NANOS = 60_000_000_000L;
  private static final Map<String, TermStats> CACHE = new ConcurrentHashMap<>();

  private final Map<String, Double> frequencies;
  private final long loadedNanos = System.nanoTime();

  private TermStats(Map<String, Double> frequencies) {
    this.frequencies = frequencies;
  }

  /** Drops the cached statistics of a schema (its chunks were just re-analysed). */
  static void forget(String schema) {
    CACHE.remove(schema);
  }

  static TermStats of(DSLContext dsl, String schema) {
    TermStats cached = CACHE.get(schema);
    if (cached != null && System.nanoTime() - cached.loadedNanos < TTL_NANOS) {
      return cached;
    }
    Map<String, Double> frequencies = new HashMap<>();
    // Both columns are anyarray: read them in their text form.
    Record2<String, String> row =
        dsl.select(
                field(name("most_common_elems")).cast(SQLDataType.CLOB),
                field(name("most_common_elem_freqs")).cast(SQLDataType.CLOB))
            .from(table(name("pg_catalog", "pg_stats")))
            .where(field(name("schemaname"), String.class).eq(schema))
            .and(field(name("tablename"), String.class).eq("code_chunks"))
            .and(field(name("attname"), String.class).eq("search_tsv"))
            .fetchOne();
    if (row != null && row.value1() != null && row.value2() != null) {
      List<String> elements = arrayElements(row.value1());
      List<String> freqs = arrayElements(row.value2());
      // The frequencies end with three extra numbers (minimum, maximum, null share).
      for (int i = 0; i < elements.size() && i < freqs.size(); i++) {
        frequencies.put(elements.get(i), Double.parseDouble(freqs.get(i)));
      }
    }
    TermStats loaded = new TermStats(frequencies);
    CACHE.put(schema, loaded);
    return loaded;
  }

  /** Elements of a PostgreSQL array literal such as {a,"b c",d}. */
  static List<String> arrayElements(String literal) {
    List<String> out = new ArrayList<>();
    String body = literal.strip();
    if (body.length() < 2) {
      return out;
    }
    body = body.substring(1, body.length() - 1);
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (quoted && c == '\\' && i + 1 < body.length()) {
        current.append(body.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!body.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }

  /**
   * The share of chunks holding {@code lexeme}; 0 for a lexeme too rare to be in the statistics.
   */
  double frequency(String lexeme) {
    return frequencies.getOrDefault(lexeme, 0.0);
  }
}
