package dev.codebasemcp.db;

import dev.codebasemcp.os.Niceness;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * New connections to a PostgreSQL on this machine whose server processes run at a given nice value:
 * the sessions that write the index (computing full-text vectors is most of their work) then yield
 * the CPU to the sessions that answer status polls and searches. A backend that cannot be reniced
 * (another user's server, another machine) is used as it is. Thread-safe.
 */
final class NicedDataSource implements DataSource {
  private final DataSource delegate;
  private final int nice;

  NicedDataSource(DataSource delegate, int nice) {
    this.delegate = delegate;
    this.nice = nice;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return lowered(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return lowered(delegate.getConnection(username, password));
  }

  private Connection lowered(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
      if (pid.next()) {
        Niceness.lower(pid.getLong(1), nice);
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }
}
