package dev.codebasemcp.db;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system user the managed cluster runs as: this process's own user, or, when this
 * process is root (initdb and postgres refuse root), the unprivileged system user {@value
 * #SYSTEM_USER}, created on first use. Immutable.
 */
final class ClusterUser {
  static final String SYSTEM_USER = "codebase-mcp";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterUser.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final String name;

  private ClusterUser(String name) {
    this.name = name;
  }

  static ClusterUser forThisProcess() {
    return new ClusterUser(isRoot() ? SYSTEM_USER : null);
  }

  static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  /** The user to run cluster programs as through runuser, or null for this process's user. */
  String runAs() {
    return name;
  }

  /**
   * Makes {@code dir} the cluster's: when running as root, creates the system user if missing,
   * hands it the directory, and lets it pass through parent directories it could not reach.
   */
  void prepare(Path dir) {
    if (name == null) {
      return;
    }
    ensureUserExists();
    own(dir);
    if (!canWrite(dir)) {
      grantPassage(dir);
      if (!canWrite(dir)) {
        throw new DatabaseException(
            ("The database runs as the system user '%s' (PostgreSQL refuses to run as root), which"
                    + " cannot write to %s. Set CODEBASE_MCP_HOME to a directory it can reach, such as"
                    + " /var/lib/codebase-mcp.")
                .formatted(name, dir));
      }
    }
  }

  /** Gives {@code path} to the cluster's user (a no-op when that is this process's user). */
  void own(Path path) {
    if (name == null) {
      return;
    }
    try {
      UserPrincipal owner =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
      Files.setOwner(path, owner);
    } catch (IOException e) {
      throw new DatabaseException("Cannot hand " + path + " to user " + name + ": " + e, e);
    }
  }

  /** Deletes a directory tree (what an interrupted initdb left). */
  void removeTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void ensureUserExists() {
    if (Commands.run(List.of("id", "-u", name), null, null, COMMAND_TIMEOUT).ok()) {
      return;
    }
    LOG.warn(
        "Creating system user '{}' to run the database: PostgreSQL refuses to run as root", name);
    Commands.Result result =
        Commands.run(
            List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                name),
            null,
            null,
            COMMAND_TIMEOUT);
    if (!result.ok()
        && !Commands.run(List.of("id", "-u", name), null, null, COMMAND_TIMEOUT).ok()) {
      throw new DatabaseException(
          "Cannot create the system user '%s' the database runs as (PostgreSQL refuses to run as"
                  .formatted(name)
              + " root): "
              + result.tail(3)
              + ". Create it yourself, or run codebase-mcp as an ordinary user.");
    }
  }

  private boolean canWrite(Path dir) {
    return Commands.run(List.of("test", "-w", dir.toString()), null, name, COMMAND_TIMEOUT).ok();
  }

  /** Grants the user search (x) permission on each ancestor it cannot pass, with a POSIX ACL. */
  private void grantPassage(Path dir) {
    List<Path> ancestors = new ArrayList<>();
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      ancestors.add(0, p);
    }
    for (Path ancestor : ancestors) {
      if (Commands.run(List.of("test", "-x", ancestor.toString()), null, name, COMMAND_TIMEOUT)
          .ok()) {
        continue;
      }
      Commands.Result result;
      try {
        result =
            Commands.run(
                List.of("setfacl", "-m", "u:" + name + ":x", ancestor.toString()),
                null,
                null,
                COMMAND_TIMEOUT);
      } catch (DatabaseException e) {
        throw new DatabaseException(
            ("The database runs as the system user '%s', which cannot pass through %s to reach its"
                    + " data, and setfacl is missing to let it (Debian: apt-get install acl, or run"
                    + " scripts/provision). Or set CODEBASE_MCP_HOME to a directory it can reach, such"
                    + " as /var/lib/codebase-mcp.")
                .formatted(name, ancestor),
            e);
      }
      if (!result.ok()) {
        throw new DatabaseException(
            "Cannot let user '%s' pass through %s (setfacl: %s). Set CODEBASE_MCP_HOME to a directory it can reach, such as /var/lib/codebase-mcp."
                .formatted(name, ancestor, result.tail(2)));
      }
      LOG.warn(
          "Granted user '{}' passage (search permission only, by ACL) through {} so the database can"
              + " reach {}",
          name,
          ancestor,
          dir);
    }
  }
}
