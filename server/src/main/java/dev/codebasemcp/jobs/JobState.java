package dev.codebasemcp.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The states of an indexing job. Pending and running are active; the other three are final. */
public enum JobState {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** The name stored in {@code indexing_jobs.status} and shown to clients. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }

  /** The state with this label, if any. */
  public static Optional<JobState> parse(String label) {
    return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
  }

  static JobState of(String label) {
    return parse(label)
        .orElseThrow(() -> new JobException("Unknown job status in the database: " + label));
  }
}
