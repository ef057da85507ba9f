package dev.codebasemcp.search;

import static dev.codebasemcp.db.jooq.workspace.Tables.CHUNK_EMBEDDINGS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_CHUNKS;
import static dev.codebasemcp.db.jooq.workspace.Tables.CODE_FILES;
import static dev.codebasemcp.db.jooq.workspace.Tables.REPOSITORIES;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;

import dev.codebasemcp.db.jooq.workspace.tables.CodeChunks;
import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.index.SearchText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Hybrid code search in one workspace: a vector leg (pgvector HNSW, cosine distance to the query's
 * embedding), a keyword leg (PostgreSQL full text over code with identifiers split into words), and
 * an exact-identifier leg (symbols named as in the query), fused by reciprocal rank fusion in SQL.
 * Overlapping or adjacent hits in one file are merged. Thread-safe.
 */
public final class HybridSearch {
  /** Candidates each leg contributes to the fusion. */
  static final int CANDIDATES = 50;

  /** The k of reciprocal rank fusion: score = sum of weight / (k + rank) over the legs. */
  static final int RRF_K = 60;

  /** An exact identifier match counts as much as two first places. */
  static final int SYMBOL_WEIGHT = 2;

  /** A word in more than this share of chunks is common: it does not select keyword candidates. */
  static final double RARE_SHARE = 0.01;

  /** The most chunks the keyword leg ranks. */
  static final int MAX_RANKED = 400;

  /** Characters of code returned per hit. */
  public static final int MAX_CONTENT = 4_000;

  /** pgvector's cosine distance operator: jOOQ has no construct for it. */
  private static final String COSINE_DISTANCE = "{0} <=> {1}";

  /** The same expression as index idx_code_chunks_symbol_leaf, so that the index serves it. */
  private static final String SYMBOL_LEAF = "lower(regexp_replace({0}, '^.*[.:#/]', ''))";

  /** Lexemes already stemmed: the simple configuration takes them as they are. */
  private static final String TS_QUERY_LEXEMES = "to_tsquery('simple'::regconfig, {0})";

  private static final String LEXEMES = "tsvector_to_array(to_tsvector('english'::regconfig, {0}))";
  private static final String TS_MATCH = "{0} @@ {1}";
  private static final String TS_RANK = "ts_rank_cd({0}, {1})";
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:[.:#][A-Za-z_$][\\w$]*)*");

  private final DSLContext dsl;
  private final String schema;
  private final Embedder embedder;
  private final boolean iterativeScan;

  /**
   * @param dsl a context mapped onto the workspace's schema
   * @param schema that schema's name (for its statistics)
   * @param embedder the workspace's embedding model
   * @param iterativeScan whether pgvector (0.8+) can continue an HNSW scan past filtered-out rows
   */
  public HybridSearch(DSLContext dsl, String schema, Embedder embedder, boolean iterativeScan) {
    this.dsl = dsl;
    this.schema = schema;
    this.embedder = embedder;
    this.iterativeScan = iterativeScan;
  }

  /** Tells searches in this process that a workspace's index changed (word statistics included). */
  public static void indexChanged(String schema) {
    TermStats.forget(schema);
  }

  public SearchResult run(SearchRequest request) {
    long start = System.nanoTime();
    boolean vectors = dsl.fetchExists(selectOne().from(CHUNK_EMBEDDINGS));
    float[] queryVector = vectors ? embedder.embedQuery(request.query()) : null;
    List<Candidate> fused =
        dsl.transactionResult(
            tx -> {
              DSLContext t = tx.dsl();
              setLocal(t, "hnsw.ef_search", Integer.toString(CANDIDATES));
              // The planner's cost estimates for the fused query can pass jit_above_cost; compiling
              // it would take longer than running it.
              setLocal(t, "jit", "off");
              if (iterativeScan) {
                setLocal(t, "hnsw.iterative_scan", "relaxed_order");
              }
              return fuse(t, request, queryVector);
            });
    List<SearchHit> hits = HitMerger.merge(fused, request.limit(), MAX_CONTENT);
    return new SearchResult(hits, (System.nanoTime() - start) / 1_000_000, vectors);
  }

  /** A fused result before merging: the chunk with its file and score. */
  record Candidate(
      long fileId,
      String filePath,
      String repoPath,
      java.time.OffsetDateTime modifiedAt,
      long sizeBytes,
      String language,
      String symbol,
      String kind,
      int startLine,
      int endLine,
      String content,
      double score) {}

  private List<Candidate> fuse(DSLContext t, SearchRequest request, float[] queryVector) {
    CodeChunks c = CODE_CHUNKS.as("c");
    Condition filter = filter(request, c);
    List<Select<Record3<Long, Integer, Integer>>> legs = new ArrayList<>();
    if (queryVector != null) {
      legs.add(vectorLeg(c, filter, queryVector));
    }
    String words = tsQuery(request.query()).replace(" | ", " ");
    if (!words.isEmpty()) {
      List<String> lexemes = lexemes(t, words);
      if (!lexemes.isEmpty()) {
        legs.add(keywordLeg(c, filter, lexemes, TermStats.of(t, schema)));
      }
    }
    Set<String> identifiers = identifiers(request.query());
    if (!identifiers.isEmpty()) {
      legs.add(symbolLeg(c, filter, identifiers, qualifiedIdentifiers(request.query())));
    }
    if (legs.isEmpty()) {
      return List.of();
    }
    Select<Record3<Long, Integer, Integer>> all = legs.get(0);
    for (int i = 1; i < legs.size(); i++) {
      all = all.unionAll(legs.get(i));
    }
    Table<Record3<Long, Integer, Integer>> ranked = all.asTable("legs", "id", "rank", "weight");
    Field<Long> id = ranked.field("id", Long.class);
    // Cast before dividing: weight and rank are integers in SQL.
    Field<Double> weight = ranked.field("weight").cast(SQLDataType.DOUBLE);
    Field<Double> rank = ranked.field("rank").cast(SQLDataType.DOUBLE);
    Field<Double> score =
        sum(weight.div(rank.plus(inline((double) RRF_K)))).cast(SQLDataType.DOUBLE).as("score");
    Table<?> top =
        select(id, score)
            .from(ranked)
            .groupBy(id)
            .orderBy(score.desc())
            .limit(CANDIDATES)
            .asTable("top");
    Field<Long> topId = top.field("id", Long.class);
    Field<Double> topScore = top.field("score", Double.class);
    return t.select(
            CODE_FILES.ID,
            CODE_FILES.RELATIVE_PATH,
            REPOSITORIES.ROOT_PATH,
            CODE_FILES.MODIFIED_AT,
            CODE_FILES.SIZE_BYTES,
            CODE_CHUNKS.LANGUAGE,
            CODE_CHUNKS.SYMBOL_NAME,
            CODE_CHUNKS.SYMBOL_KIND,
            CODE_CHUNKS.START_LINE,
            CODE_CHUNKS.END_LINE,
            CODE_CHUNKS.CONTENT,
            topScore)
        .from(top)
        .join(CODE_CHUNKS)
        .on(CODE_CHUNKS.ID.eq(topId))
        .join(CODE_FILES)
        .on(CODE_FILES.ID.eq(CODE_CHUNKS.FILE_ID))
        .join(REPOSITORIES)
        .on(REPOSITORIES.ID.eq(CODE_CHUNKS.REPOSITORY_ID))
        .orderBy(topScore.desc(), CODE_CHUNKS.ID)
        .fetch(
            r ->
                new Candidate(
                    r.value1(),
                    r.value2(),
                    r.value3(),
                    r.value4(),
                    r.value5(),
                    r.value6(),
                    r.value7(),
                    r.value8(),
                    r.value9(),
                    r.value10(),
                    r.value11(),
                    r.value12()));
  }

  private Select<Record3<Long, Integer, Integer>> vectorLeg(
      CodeChunks c, Condition filter, float[] q) {
    Field<Double> distance =
        field(
            COSINE_DISTANCE,
            Double.class,
            CHUNK_EMBEDDINGS.EMBEDDING,
            val(q, CHUNK_EMBEDDINGS.EMBEDDING));
    Table<?> nearest =
        select(c.ID.as("id"), distance.as("distance"))
            .from(CHUNK_EMBEDDINGS)
            .join(c)
            .on(c.CONTENT_HASH.eq(CHUNK_EMBEDDINGS.CONTENT_HASH))
            .join(CODE_FILES)
            .on(CODE_FILES.ID.eq(c.FILE_ID))
            .where(filter)
            .orderBy(distance)
            .limit(CANDIDATES)
            .asTable("nearest");
    return select(
            nearest.field("id", Long.class),
            rowNumber().over().orderBy(nearest.field("distance")).as("rank"),
            inline(1).as("weight"))
        .from(nearest);
  }

  /**
   * Chunks matching the query's words, ranked by cover density. Candidates are selected by the
   * query's rare words (or, when all are common, by all of them together) and at most {@value
   * #MAX_RANKED} are ranked, so that a common word never makes the leg rank tens of thousands of
   * chunks; the ranking itself counts every word.
   */
  private Select<Record3<Long, Integer, Integer>> keywordLeg(
      CodeChunks c, Condition filter, List<String> lexemes, TermStats stats) {
    List<String> rare = lexemes.stream().filter(l -> stats.frequency(l) < RARE_SHARE).toList();
    String selective = rare.isEmpty() ? tsQueryOf(lexemes, " & ") : tsQueryOf(rare, " | ");
    Field<Object> select = field(TS_QUERY_LEXEMES, val(selective));
    Field<Object> rankBy = field(TS_QUERY_LEXEMES, val(tsQueryOf(lexemes, " | ")));
    Field<Object> tsv = field(name("c", "search_tsv"));
    Table<?> candidates =
        select(c.ID.as("id"), tsv.as("tsv"))
            .from(c)
            .join(CODE_FILES)
            .on(CODE_FILES.ID.eq(c.FILE_ID))
            .where(condition(TS_MATCH, tsv, select))
            .and(filter)
            .limit(MAX_RANKED)
            .asTable("candidates");
    Field<Float> rank = field(TS_RANK, Float.class, candidates.field("tsv"), rankBy);
    Table<?> matches =
        select(candidates.field("id", Long.class).as("id"), rank.as("relevance"))
            .from(candidates)
            .orderBy(rank.desc())
            .limit(CANDIDATES)
            .asTable("matches");
    return select(
            matches.field("id", Long.class),
            rowNumber().over().orderBy(matches.field("relevance").desc()).as("rank"),
            inline(1).as("weight"))
        .from(matches);
  }

  /** The query words as the index holds them: stemmed, without stop words. */
  private static List<String> lexemes(DSLContext t, String words) {
    String[] lexemes = t.select(field(LEXEMES, String[].class, val(words))).fetchSingle().value1();
    return lexemes == null ? List.of() : List.of(lexemes);
  }

  /** Lexemes joined by an operator, each quoted, so nothing in them is tsquery syntax. */
  private static String tsQueryOf(List<String> lexemes, String operator) {
    return String.join(
        operator, lexemes.stream().map(l -> "'" + l.replace("'", "''") + "'").toList());
  }

  private Select<Record3<Long, Integer, Integer>> symbolLeg(
      CodeChunks c, Condition filter, Set<String> identifiers, Set<String> qualified) {
    Field<String> leaf = field(SYMBOL_LEAF, String.class, c.SYMBOL_NAME);
    Condition named = or(identifiers.stream().map(leaf::eq).toList());
    // StringUtils.reverse in the query: symbols whose path ends so come before other reverses.
    Field<Integer> qualifies =
        qualified.isEmpty()
            ? inline(1)
            : DSL.when(
                    or(qualified.stream().map(q -> c.SYMBOL_NAME.endsWithIgnoreCase(q)).toList()),
                    inline(0))
                .otherwise(inline(1));
    Table<?> symbols =
        select(c.ID.as("id"), qualifies.as("qualifies"), c.END_LINE.minus(c.START_LINE).as("size"))
            .from(c)
            .join(CODE_FILES)
            .on(CODE_FILES.ID.eq(c.FILE_ID))
            .where(named)
            .and(filter)
            .limit(CANDIDATES)
            .asTable("symbols");
    // Among several symbols of one name, the qualified match, then the smaller definition; a match
    // of the whole dotted path (StringUtils.reverse) counts double.
    Field<Integer> qualifiesField = symbols.field("qualifies", Integer.class);
    return select(
            symbols.field("id", Long.class),
            rowNumber()
                .over()
                .orderBy(qualifiesField, symbols.field("size"), symbols.field("id"))
                .as("rank"),
            DSL.when(qualifiesField.eq(0), inline(2 * SYMBOL_WEIGHT))
                .otherwise(inline(SYMBOL_WEIGHT))
                .as("weight"))
        .from(symbols);
  }

  private static Condition filter(SearchRequest request, CodeChunks c) {
    Condition filter = noCondition();
    if (request.repository() != null) {
      filter =
          filter.and(
              c.REPOSITORY_ID.in(
                  select(REPOSITORIES.ID)
                      .from(REPOSITORIES)
                      .where(REPOSITORIES.ROOT_PATH.eq(stripTrailingSlash(request.repository())))));
    }
    if (request.language() != null) {
      filter = filter.and(c.LANGUAGE.eq(request.language()));
    }
    if (!request.includeGlobs().isEmpty()) {
      filter =
          filter.and(
              or(
                  request.includeGlobs().stream()
                      .map(g -> CODE_FILES.RELATIVE_PATH.likeRegex(Globs.toRegex(g)))
                      .toList()));
    }
    for (String glob : request.excludeGlobs()) {
      filter = filter.and(CODE_FILES.RELATIVE_PATH.notLikeRegex(Globs.toRegex(glob)));
    }
    if (!request.extensions().isEmpty()) {
      filter =
          filter.and(
              or(
                  request.extensions().stream()
                      .map(e -> CODE_FILES.RELATIVE_PATH.likeIgnoreCase("%." + escapeLike(e), '\\'))
                      .toList()));
    }
    return filter;
  }

  /**
   * The query's words OR-ed, for ranking by how many (and how close) match: camelCase identifiers
   * whole ({@code ispalindrome}) and their words ({@code is}, {@code palindrome}). Terms are
   * alphanumeric, so nothing in them is tsquery syntax.
   */
  static String tsQuery(String query) {
    Set<String> words = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(query);
    while (m.find()) {
      for (String part : m.group().split("[.:#_$]+")) {
        if (part.matches(".*[a-z0-9][A-Z].*")) {
          words.add(part.toLowerCase(Locale.ROOT));
        }
      }
    }
    for (String word : SearchText.words(query)) {
      if (word.length() > 1 || Character.isDigit(word.charAt(0))) {
        words.add(word);
      }
    }
    return String.join(" | ", words);
  }

  /**
   * Identifiers the query names exactly, lowercased leaf names: {@code reverseString}, {@code
   * parse_args}, {@code StringUtils.reverse} (its leaf, reverse), or a one-word query. Plain words
   * in a sentence are left to the other legs.
   */
  static Set<String> identifiers(String query) {
    Set<String> identifiers = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(query);
    List<String> tokens = new ArrayList<>();
    while (m.find()) {
      tokens.add(m.group());
    }
    for (String token : tokens) {
      boolean identifierLike =
          tokens.size() == 1
              || token.matches(".*[a-z0-9][A-Z].*")
              || token.contains("_")
              || token.matches(".*[.:#].*");
      if (identifierLike) {
        String leaf = token.replaceAll("^.*[.:#]", "").toLowerCase(Locale.ROOT);
        if (leaf.length() >= 2) {
          identifiers.add(leaf);
        }
      }
    }
    return identifiers;
  }

  /** Dotted identifiers of the query as written ({@code StringUtils.reverse}), for ordering. */
  static Set<String> qualifiedIdentifiers(String query) {
    Set<String> qualified = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(query);
    while (m.find()) {
      if (m.group().matches(".*[.:#].*")) {
        qualified.add(m.group().replaceAll("[:#]+", "."));
      }
    }
    return qualified;
  }

  private static void setLocal(DSLContext t, String setting, String value) {
    t.select(function("set_config", String.class, inline(setting), val(value), inline(true)))
        .fetch();
  }

  private static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
