package dev.codebasemcp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codebasemcp.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NicenessTest {
  @BeforeAll
  static void linuxWithRenice() {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "per-thread nice values are Linux's");
    assumeTrue(Niceness.currentThreadNice().orElse(19) < 5, "this test runs at a low nice value");
  }

  @Test
  void threadsOfTheFactoryRunAtTheirNiceValue() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(2, Niceness.threads("test-nice", 7))) {
      OptionalInt inside = pool.submit(Niceness::currentThreadNice).get(30, TimeUnit.SECONDS);
      String name = pool.submit(() -> Thread.currentThread().getName()).get(30, TimeUnit.SECONDS);
      assertEquals(OptionalInt.of(7), inside);
      assertTrue(name.startsWith("test-nice-"), name);
    }
    // The thread that made the pool is left as it was.
    assertTrue(Niceness.currentThreadNice().getAsInt() < 7);
  }

  @Test
  void niceZeroLeavesThreadsAlone() throws Exception {
    int before = Niceness.currentThreadNice().getAsInt();
    try (ExecutorService pool = Executors.newSingleThreadExecutor(Niceness.threads("test", 0))) {
      assertEquals(
          OptionalInt.of(before),
          pool.submit(Niceness::currentThreadNice).get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void aProcessIsLoweredAndNeverRaised() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertTrue(Niceness.lower(sleeper.pid(), 5));
      assertEquals(OptionalInt.of(5), Niceness.niceOf(sleeper.pid()));
      // Already lower than asked: left at 5 (raising it back needs privileges users lack).
      assertTrue(Niceness.lower(sleeper.pid(), 3));
      assertEquals(OptionalInt.of(5), Niceness.niceOf(sleeper.pid()));
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
    assertFalse(Niceness.lower(sleeper.pid(), 5), "a process that is gone");
  }

  @Test
  void indexSessionsRunLowerThanTheRest() {
    try (TestPostgres.Scratch scratch = TestPostgres.scratch()) {
      long requestBackend =
          scratch.db().dsl().fetchOne("select pg_backend_pid()").get(0, Long.class);
      long indexBackend =
          scratch.db().indexDsl().fetchOne("select pg_backend_pid()").get(0, Long.class);
      OptionalInt requestNice = Niceness.niceOf(requestBackend);
      assumeTrue(requestNice.isPresent(), "the database runs on this machine");
      assertEquals(OptionalInt.of(0), requestNice);
      assertEquals(OptionalInt.of(scratch.db().indexNice()), Niceness.niceOf(indexBackend));
    }
  }
}
