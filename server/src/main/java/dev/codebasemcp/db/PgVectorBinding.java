package dev.codebasemcp.db;

import com.pgvector.PGvector;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.impl.AbstractBinding;
import org.jooq.impl.DSL;
import org.postgresql.util.PGobject;

/**
 * Maps pgvector's {@code vector} columns to {@code float[]} for jOOQ, through pgvector-java's
 * {@link PGvector}: binds render as {@code ?::vector}, values are read from their text form, so
 * connections need no type registration. The generated classes use it for every {@code vector}
 * column. Stateless and thread-safe.
 */
public final class PgVectorBinding extends AbstractBinding<Object, float[]> {
  private static final long serialVersionUID = 1L;

  private static final Converter<Object, float[]> CONVERTER =
      Converter.ofNullable(Object.class, float[].class, PgVectorBinding::toFloats, PGvector::new);

  @Override
  public Converter<Object, float[]> converter() {
    return CONVERTER;
  }

  @Override
  protected void sqlBind(BindingSQLContext<float[]> ctx) throws SQLException {
    ctx.render().sql(ctx.variable()).sql("::vector");
  }

  @Override
  protected void sqlInline(BindingSQLContext<float[]> ctx) throws SQLException {
    ctx.render().visit(DSL.inline(new PGvector(ctx.value()).getValue())).sql("::vector");
  }

  @Override
  public void register(BindingRegisterContext<float[]> ctx) throws SQLException {
    ctx.statement().registerOutParameter(ctx.index(), Types.OTHER);
  }

  @Override
  public void set(BindingSetStatementContext<float[]> ctx) throws SQLException {
    float[] value = ctx.value();
    if (value == null) {
      ctx.statement().setNull(ctx.index(), Types.OTHER);
    } else {
      ctx.statement().setObject(ctx.index(), new PGvector(value));
    }
  }

  @Override
  public void get(BindingGetResultSetContext<float[]> ctx) throws SQLException {
    ctx.value(parse(ctx.resultSet().getString(ctx.index())));
  }

  @Override
  public void get(BindingGetStatementContext<float[]> ctx) throws SQLException {
    ctx.value(parse(ctx.statement().getString(ctx.index())));
  }

  private static float[] parse(String text) throws SQLException {
    return text == null ? null : new PGvector(text).toArray();
  }

  private static float[] toFloats(Object value) {
    try {
      return switch (value) {
        case PGvector v -> v.toArray();
        case PGobject o -> parse(o.getValue());
        case String s -> parse(s);
        case float[] f -> Arrays.copyOf(f, f.length);
        default ->
            throw new IllegalArgumentException("Cannot read a vector from " + value.getClass());
      };
    } catch (SQLException e) {
      throw new IllegalArgumentException("Not a pgvector value: " + value, e);
    }
  }
}
