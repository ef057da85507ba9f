package dev.codebasemcp.index.scan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a scan of a repository found: how many candidate files it passed on, and how many entries it
 * skipped per reason (a pruned directory counts as one entry). Immutable.
 *
 * @param filesFound files passed to the scan's {@code found} callback
 * @param skipped entries skipped per reason, in {@link SkipReason} order, zero counts absent (an
 *     unmodifiable copy of what is given; null means none)
 */
public record ScanSummary(int filesFound, Map<SkipReason, Integer> skipped) {
  public ScanSummary {
    if (filesFound < 0) {
      throw new IllegalArgumentException("filesFound must not be negative: got " + filesFound);
    }
    EnumMap<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    if (skipped != null) {
      skipped.forEach(
          (reason, count) -> {
            if (count < 0) {
              throw new IllegalArgumentException(
                  "skip count for " + reason.label() + " must not be negative: got " + count);
            }
            if (count > 0) {
              counts.put(reason, count);
            }
          });
    }
    skipped = Collections.unmodifiableMap(counts);
  }

  /** Entries skipped for {@code reason}; 0 when none. */
  public int skipped(SkipReason reason) {
    return skipped.getOrDefault(reason, 0);
  }

  /** Entries skipped for any reason. */
  public int totalSkipped() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }
}
