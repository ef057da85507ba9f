package dev.codebasemcp.db;

import dev.codebasemcp.config.Config;
import dev.codebasemcp.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL database is, as a JDBC URL plus credentials. Parsed from the libpq form
 * ({@code postgresql://user:password@host:5432/db?sslmode=require}) or the JDBC form ({@code
 * jdbc:postgresql://host:5432/db?user=u&password=p}). {@link #toString()} never shows the password.
 * Immutable.
 *
 * @param jdbcUrl the JDBC URL, without user and password when they came from the libpq form
 * @param user the user name, or null to let the driver decide
 * @param password the password, or null
 * @param display host, port and database, for messages
 */
public record DatabaseUrl(String jdbcUrl, String user, String password, String display) {

  /** Parses a URL given in {@value Config#DATABASE_URL}. */
  public static DatabaseUrl parse(String url) {
    String trimmed = url.strip();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return fromJdbc(trimmed);
    }
    if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
      return fromLibpq(trimmed);
    }
    throw new ConfigException(
        Config.DATABASE_URL
            + " must be a PostgreSQL URL such as postgresql://user:password@localhost:5432/codebase_mcp"
            + " or jdbc:postgresql://localhost:5432/codebase_mcp: got '"
            + redact(trimmed)
            + "'");
  }

  /** A URL for a database reached over TCP with a user and password. */
  public static DatabaseUrl of(
      String host, int port, String database, String user, String password) {
    return new DatabaseUrl(
        "jdbc:postgresql://" + host + ":" + port + "/" + database,
        user,
        password,
        host + ":" + port + "/" + database);
  }

  /** The same server and credentials, another database on it. */
  public DatabaseUrl withDatabase(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    Matcher m = JDBC_PARTS.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalStateException("cannot find the database in " + redact(jdbcUrl));
    }
    String server = display.contains("/") ? display.substring(0, display.indexOf('/')) : display;
    String query = m.group(3) == null ? "" : m.group(3);
    return new DatabaseUrl(m.group(1) + database + query, user, password, server + "/" + database);
  }

  /** jdbc:postgresql://host:port/ then the database, then ?parameters. */
  private static final Pattern JDBC_PARTS =
      Pattern.compile("(jdbc:postgresql:(?://[^/?]*/)?)([^?]*)(\\?.*)?");

  private static DatabaseUrl fromJdbc(String url) {
    String rest = url.substring("jdbc:".length());
    try {
      URI uri = new URI(rest);
      String display =
          (uri.getHost() == null ? "localhost" : uri.getHost()) + portSuffix(uri) + path(uri);
      return new DatabaseUrl(url, null, null, display);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          Config.DATABASE_URL
              + " is not a valid JDBC URL: '"
              + redact(url)
              + "' ("
              + e.getReason()
              + ")");
    }
  }

  private static DatabaseUrl fromLibpq(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          Config.DATABASE_URL
              + " is not a valid URL: '"
              + redact(url)
              + "' ("
              + e.getReason()
              + ")");
    }
    if (uri.getHost() == null) {
      throw new ConfigException(
          Config.DATABASE_URL
              + " must name a host, as in postgresql://user@localhost:5432/codebase_mcp: got '"
              + redact(url)
              + "'");
    }
    String database = path(uri);
    if (database.length() <= 1) {
      throw new ConfigException(
          Config.DATABASE_URL
              + " must name a database, as in postgresql://user@localhost:5432/codebase_mcp: got '"
              + redact(url)
              + "'");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    String host = uri.getHost();
    String jdbc =
        "jdbc:postgresql://"
            + host
            + portSuffix(uri)
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new DatabaseUrl(jdbc, user, password, host + portSuffix(uri) + database);
  }

  private static String portSuffix(URI uri) {
    return uri.getPort() < 0 ? "" : ":" + uri.getPort();
  }

  private static String path(URI uri) {
    return uri.getPath() == null ? "" : uri.getPath();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL with any password replaced by {@code ***}, fit for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@")
        .replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Whether the server is on this machine (no host, localhost or a loopback address). */
  public boolean onThisMachine() {
    String host;
    try {
      host = new URI(jdbcUrl.substring("jdbc:".length())).getHost();
    } catch (URISyntaxException e) {
      return false;
    }
    return host == null
        || host.isEmpty()
        || host.equals("localhost")
        || host.equals("[::1]")
        || host.startsWith("127.");
  }

  @Override
  public String toString() {
    return "DatabaseUrl[" + display + (user == null ? "" : ", user=" + user) + "]";
  }
}
