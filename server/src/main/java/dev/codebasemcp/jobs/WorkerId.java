package dev.codebasemcp.jobs;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a job's lease: {@code host:pid:nonce}. The host and pid let a process on the same
 * machine see that the owner died (a {@code kill -9}) and take its job over at once, instead of
 * waiting for the lease to expire. Immutable.
 */
public record WorkerId(String host, long pid, String nonce) {

  /** A new id for this process. */
  public static WorkerId forThisProcess() {
    return new WorkerId(
        localHost(), ProcessHandle.current().pid(), UUID.randomUUID().toString().substring(0, 8));
  }

  public static Optional<WorkerId> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int last = text.lastIndexOf(':');
    int middle = last < 0 ? -1 : text.lastIndexOf(':', last - 1);
    if (middle <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new WorkerId(
              text.substring(0, middle),
              Long.parseLong(text.substring(middle + 1, last)),
              text.substring(last + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the owning process still exists, asked on the owner's own host. */
  public boolean isAliveHere() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public String toString() {
    return host + ":" + pid + ":" + nonce;
  }

  static String localHost() {
    try {
      Path etc = Path.of("/etc/hostname");
      if (Files.isReadable(etc)) {
        String name = Files.readString(etc).strip();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
