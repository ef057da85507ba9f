package dev.codebasemcp.index.chunk;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.treesitter.TSLanguage;
import org.treesitter.TSParser;

/**
 * Idle tree-sitter parsers, per grammar. A parser is native, not thread-safe and costly to make, so
 * each split borrows one and gives it back; a pool rather than a thread-local because indexing runs
 * on virtual threads, one per file, which would each make and leak a parser. At most {@code
 * maxIdle} idle parsers are kept per grammar; extra ones are closed at once. Thread-safe.
 */
final class ParserPool {
  private final int maxIdle;
  private final Map<Grammar, Queue<TSParser>> idle = new EnumMap<>(Grammar.class);
  private final Map<Grammar, AtomicInteger> idleCount = new EnumMap<>(Grammar.class);

  ParserPool(int maxIdle) {
    this.maxIdle = maxIdle;
    for (Grammar grammar : Grammar.values()) {
      idle.put(grammar, new ConcurrentLinkedQueue<>());
      idleCount.put(grammar, new AtomicInteger());
    }
  }

  /** A parser set to {@code language}; give it back with {@link #release}. */
  TSParser acquire(Grammar grammar, TSLanguage language) {
    TSParser parser = idle.get(grammar).poll();
    if (parser != null) {
      idleCount.get(grammar).decrementAndGet();
      return parser;
    }
    parser = new TSParser();
    if (!parser.setLanguage(language)) {
      parser.close();
      throw new ChunkingException(
          "tree-sitter grammar for "
              + grammar.id()
              + " has ABI version "
              + language.abiVersion()
              + ", which the runtime does not accept (it reads "
              + TSParser.TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION
              + " to "
              + TSParser.TREE_SITTER_LANGUAGE_VERSION
              + ")");
    }
    return parser;
  }

  /** Takes back a parser after use; {@code reset} after a cancelled parse. */
  void release(Grammar grammar, TSParser parser, boolean reset) {
    if (reset) {
      parser.reset();
    }
    if (idleCount.get(grammar).incrementAndGet() <= maxIdle) {
      idle.get(grammar).offer(parser);
    } else {
      idleCount.get(grammar).decrementAndGet();
      parser.close();
    }
  }
}
