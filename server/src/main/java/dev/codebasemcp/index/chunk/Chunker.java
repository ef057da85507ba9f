package dev.codebasemcp.index.chunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * Cuts a file into {@link Chunk}s that fit an embedding model's window. Thread-safe: tree-sitter
 * parsers are pooled, one per concurrent split.
 *
 * <p>Code in a language with a bundled grammar ({@link Grammar}: Java, Python, JavaScript,
 * TypeScript, TSX, Go, Rust, C, C++, C#, Kotlin, Ruby, PHP) is cut along its syntax. A definition
 * that fits the budget is one chunk, together with its comments, annotations and decorators; a
 * larger one is cut at its members or statements, and as a last resort into line windows, with its
 * symbol on every piece. Definitions under a quarter of the budget, fields, imports and top-level
 * statements are merged with their neighbours up to the budget ({@link Grouper}). Symbols are
 * dotted paths such as {@code Outer.Inner.method} ({@link Definitions}); kinds are the words of
 * {@link Kinds}.
 *
 * <p>Everything else is cut into line windows ({@link LineWindows}), Markdown first at its headings
 * ({@link MarkdownSections}). So is code whose tree is no guide: syntax errors over half its lines,
 * a parse over {@link #PARSE_TIMEOUT_MILLIS}, over {@link #MAX_PARSED_CHARS} characters, or
 * minified lines.
 *
 * <p>Every non-blank line is in at least one chunk, and a chunk's content is exactly the text of
 * its lines. Only a single line longer than the budget makes a chunk over it: the model truncates
 * it, keyword search still sees all of it.
 */
public final class Chunker {
  /** Syntax errors over this share of a file's lines make its tree useless for cutting. */
  static final double MAX_ERROR_SHARE = 0.5;

  /** A parse that takes longer is cancelled and the file cut into line windows. */
  static final long PARSE_TIMEOUT_MILLIS = 5_000;

  /** Larger files are not parsed (generated code): they are cut into line windows. */
  static final int MAX_PARSED_CHARS = 4 << 20;

  /**
   * Files whose lines average more characters than this are minified or generated: their syntax
   * gives no line boundaries to cut at, so they are not parsed.
   */
  static final int MAX_PARSED_LINE_LENGTH = 400;

  private static final Logger log = LoggerFactory.getLogger(Chunker.class);

  private final int maxTokens;
  private final ToIntFunction<String> tokenCounter;
  private final int specialTokens;
  private final ParserPool parsers;
  private final long parseTimeoutNanos;

  /**
   * @param maxTokens the model's window in tokens, special tokens included
   * @param tokenCounter the model's token count of a text, special tokens included; it is called on
   *     the empty string once to learn how many special tokens it adds
   */
  public Chunker(int maxTokens, ToIntFunction<String> tokenCounter) {
    this(maxTokens, tokenCounter, PARSE_TIMEOUT_MILLIS);
  }

  Chunker(int maxTokens, ToIntFunction<String> tokenCounter, long parseTimeoutMillis) {
    this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    this.specialTokens = Math.max(0, tokenCounter.applyAsInt(""));
    if (maxTokens - specialTokens < 1) {
      throw new IllegalArgumentException(
          "maxTokens must leave room for text after the "
              + specialTokens
              + " special tokens the counter adds: got "
              + maxTokens);
    }
    this.maxTokens = maxTokens - specialTokens;
    this.parsers = new ParserPool(Runtime.getRuntime().availableProcessors() * 2);
    this.parseTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(parseTimeoutMillis);
  }

  /**
   * The language of a file by its name, such as {@code java}, {@code tsx}, {@code markdown} or
   * {@code dockerfile}; empty when unknown.
   */
  public static Optional<String> language(String relativePath) {
    return Languages.of(relativePath);
  }

  /** The chunks of one file, in order of their first line; none for a blank file. */
  public List<Chunk> split(String relativePath, String text) {
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(text, "text");
    SourceText source = new SourceText(text);
    if (source.lineCount() == 0) {
      return List.of();
    }
    String language = Languages.of(relativePath).orElse(null);
    Budget budget = new Budget(maxTokens, tokenCounter, specialTokens, source);
    Optional<Grammar> grammar = Optional.ofNullable(language).flatMap(Languages::grammar);
    if (grammar.isPresent()
        && text.length() <= MAX_PARSED_CHARS
        && text.length() / source.lineCount() <= MAX_PARSED_LINE_LENGTH) {
      try {
        List<Chunk> chunks = bySyntax(grammar.get(), source, budget);
        if (chunks != null) {
          return chunks;
        }
      } catch (RuntimeException e) {
        // A gap in a grammar rule must not stop indexing: the file still gets line windows.
        log.warn("Cutting {} by syntax failed, cutting it into line windows", relativePath, e);
      }
    }
    if ("markdown".equals(language)) {
      return new Grouper(source, budget, language, Grouper.Naming.BY_FIRST)
          .group(new MarkdownSections(source, budget).split());
    }
    return byLines(source, budget, language);
  }

  private List<Chunk> bySyntax(Grammar grammar, SourceText source, Budget budget) {
    TSLanguage language = grammar.language();
    if (language == null) {
      return null;
    }
    byte[] utf8 = source.text().getBytes(StandardCharsets.UTF_8);
    if (utf8.length >= 3
        && (utf8[0] & 0xff) == 0xef
        && (utf8[1] & 0xff) == 0xbb
        && (utf8[2] & 0xff) == 0xbf) {
      utf8[0] = utf8[1] = utf8[2] = ' '; // a byte order mark is no token of any grammar
    }
    TSParser parser = parsers.acquire(grammar, language);
    boolean cancelled = false;
    try {
      TSTree tree = parse(parser, utf8);
      if (tree == null) {
        cancelled = true;
        return null;
      }
      try (tree) {
        List<Segment> segments =
            new SyntaxSplitter(grammar, source, budget, utf8)
                .split(tree.getRootNode(), MAX_ERROR_SHARE);
        return segments == null
            ? null
            : new Grouper(source, budget, grammar.id(), Grouper.Naming.BY_SCOPE).group(segments);
      }
    } finally {
      parsers.release(grammar, parser, cancelled);
    }
  }

  /** The tree of {@code utf8}, or null when the parse ran out of time. */
  private TSTree parse(TSParser parser, byte[] utf8) {
    long deadline = System.nanoTime() + parseTimeoutNanos;
    // The whole file fits the read buffer, so the parser reads it in one call.
    byte[] buffer = new byte[Math.max(1, utf8.length)];
    return parser.parseWithOptions(
        buffer,
        null,
        (into, offset, position) -> {
          int length = Math.min(into.length, utf8.length - offset);
          if (length <= 0) {
            return 0;
          }
          System.arraycopy(utf8, offset, into, 0, length);
          return length;
        },
        TSInputEncoding.TSInputEncodingUTF8,
        state -> System.nanoTime() - deadline > 0);
  }

  private static List<Chunk> byLines(SourceText source, Budget budget, String language) {
    List<Segment> segments = new ArrayList<>();
    for (int[] window : new LineWindows(source, budget).cut(0, source.lineCount() - 1)) {
      segments.add(new Segment(window[0], window[1], null, null, Scope.FILE, window[2], true));
    }
    return new Grouper(source, budget, language, Grouper.Naming.BY_SCOPE).group(segments);
  }
}
