package dev.codebasemcp.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Reads PostgreSQL's catalog for the tests: what a schema holds, in a comparable form. */
public final class Catalog {
  private final DSLContext dsl;

  public Catalog(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Column name to "type not null default", in table order. */
  public Map<String, String> columns(String schema, String table) {
    var result = new java.util.LinkedHashMap<String, String>();
    for (Record r :
        dsl.fetch(
            """
            select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid) as dflt
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped
            order by a.attnum
            """,
            schema,
            table)) {
      String type = r.get("type", String.class);
      boolean notNull = r.get("attnotnull", Boolean.class);
      String dflt = r.get("dflt", String.class);
      result.put(
          r.get("attname", String.class),
          type + (notNull ? " not null" : "") + (dflt == null ? "" : " default " + dflt));
    }
    return result;
  }

  /** Index name to its definition (pg_indexes.indexdef) for one table. */
  public Map<String, String> indexes(String schema, String table) {
    var result = new java.util.TreeMap<String, String>();
    for (Record r :
        dsl.fetch(
            "select indexname, indexdef from pg_indexes where schemaname = ? and tablename = ?",
            schema,
            table)) {
      result.put(r.get(0, String.class), r.get(1, String.class));
    }
    return result;
  }

  /** Constraint name to its definition for one table. */
  public Map<String, String> constraints(String schema, String table) {
    var result = new java.util.TreeMap<String, String>();
    for (Record r :
        dsl.fetch(
            """
            select con.conname, pg_get_constraintdef(con.oid)
            from pg_constraint con
            join pg_class c on c.oid = con.conrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = ? and c.relname = ?
            """,
            schema,
            table)) {
      result.put(r.get(0, String.class), r.get(1, String.class));
    }
    return result;
  }

  /** Names of the ordinary tables in a schema. */
  public List<String> tables(String schema) {
    return dsl.fetch(
            "select tablename from pg_tables where schemaname = ? order by tablename", schema)
        .getValues(0, String.class);
  }

  public boolean schemaExists(String schema) {
    return dsl.fetchExists(dsl.selectOne().from("pg_namespace").where("nspname = ?", schema));
  }

  /**
   * Everything structural in a schema (tables, columns, constraints, indexes) as sorted lines, so
   * that two states can be compared for equality.
   */
  public List<String> snapshot(String schema) {
    List<String> lines = new ArrayList<>();
    for (String table : tables(schema)) {
      columns(schema, table).forEach((c, d) -> lines.add(table + " column " + c + " " + d));
      constraints(schema, table).forEach((c, d) -> lines.add(table + " constraint " + c + " " + d));
      indexes(schema, table).forEach((c, d) -> lines.add(table + " index " + c + " " + d));
    }
    lines.sort(null);
    return lines;
  }

  /** The access method and operator class of an index, such as "hnsw vector_cosine_ops". */
  public Optional<String> indexMethod(String schema, String index) {
    return dsl.fetchOptional(
            """
            select am.amname || ' ' || opc.opcname
            from pg_index i
            join pg_class ic on ic.oid = i.indexrelid
            join pg_namespace n on n.oid = ic.relnamespace
            join pg_am am on am.oid = ic.relam
            join pg_opclass opc on opc.oid = i.indclass[0]
            where n.nspname = ? and ic.relname = ?
            """,
            schema,
            index)
        .map(r -> r.get(0, String.class));
  }
}
