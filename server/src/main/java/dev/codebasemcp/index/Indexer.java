package dev.codebasemcp.index;

import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.index.IndexStore.FileChange;
import dev.codebasemcp.index.IndexStore.FileState;
import dev.codebasemcp.index.IndexStore.PendingChunk;
import dev.codebasemcp.index.IndexStore.StoredChunk;
import dev.codebasemcp.index.IndexStore.Touch;
import dev.codebasemcp.index.chunk.Chunk;
import dev.codebasemcp.index.chunk.Chunker;
import dev.codebasemcp.index.scan.RepositoryScanner;
import dev.codebasemcp.index.scan.ScannedFile;
import dev.codebasemcp.index.scan.SourceFile;
import dev.codebasemcp.index.scan.SourceFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes one repository into one workspace, in two phases: new and changed files are read, chunked
 * and stored with their full text first (keyword search works within seconds), then chunks without
 * a vector are embedded. Incremental: an mtime+size gate, then the file's SHA-256, decide what is
 * re-chunked; vectors are keyed by chunk text, so unchanged chunks keep theirs, identical text is
 * embedded once, and a renamed file re-uses its vectors. Files gone from disk leave the index.
 *
 * <p>Reading and chunking run on one thread per core; writes go to the database in transactions of
 * whole files. Thread-safe: one instance may run several repositories at once.
 */
public final class Indexer {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

  /**
   * How a run behaves.
   *
   * @param force re-chunk every file even when unchanged (vectors of unchanged text are kept)
   * @param maxFileSize files larger than this are skipped
   * @param filesPerTransaction files written per transaction in the chunking phase
   * @param chunksPerEmbedBatch chunks read and embedded per round in the embedding phase
   * @param threads reading and chunking threads
   * @param forceBefore with {@code force}, re-chunk only files last indexed before this instant (a
   *     resumed forced job skips what its earlier attempt already redid); null: every file
   */
  public record Options(
      boolean force,
      long maxFileSize,
      int filesPerTransaction,
      int chunksPerEmbedBatch,
      int threads,
      Instant forceBefore) {
    public static Options defaults() {
      return new Options(
          false,
          RepositoryScanner.DEFAULT_MAX_FILE_SIZE,
          200,
          256,
          Runtime.getRuntime().availableProcessors(),
          null);
    }

    public Options withForce(boolean force) {
      return new Options(
          force, maxFileSize, filesPerTransaction, chunksPerEmbedBatch, threads, forceBefore);
    }

    /** Forced, but only for files last indexed before {@code instant}. */
    public Options withForceBefore(Instant instant) {
      return new Options(
          true, maxFileSize, filesPerTransaction, chunksPerEmbedBatch, threads, instant);
    }

    /** Whether a known file is re-chunked whatever its content. */
    boolean forces(FileState state) {
      return force
          && (forceBefore == null || state == null || state.indexedAt().isBefore(forceBefore));
    }
  }

  /**
   * Transactions written at once in the chunking phase: most of a write is PostgreSQL computing the
   * full-text vectors, so a second connection keeps a second core busy while chunking goes on.
   */
  private static final int WRITERS = 2;

  /** The most connections of the index pool one run uses at once: its writers and its reads. */
  public static final int CONNECTIONS = WRITERS + 1;

  private final Chunker chunker;
  private final Embedder embedder;
  private final Options options;

  public Indexer(Chunker chunker, Embedder embedder, Options options) {
    this.chunker = chunker;
    this.embedder = embedder;
    this.options = options;
  }

  /**
   * Indexes {@code root} into the workspace behind {@code store}.
   *
   * @param cancelled polled between batches; when it turns true the run stops with {@link
   *     IndexCancelledException}, leaving what it committed consistent
   * @return the final progress (phase DONE)
   * @throws IndexException when the repository cannot be read at all
   */
  public IndexProgress index(
      IndexStore store, Path root, IndexListener listener, BooleanSupplier cancelled) {
    if (!Files.isDirectory(root)) {
      throw new IndexException("Repository " + root + " does not exist or is not a directory");
    }
    IndexRun run = new IndexRun(listener);
    Path repository = root.toAbsolutePath().normalize();
    try {
      long repositoryId = store.ensureRepository(repository.toString());
      chunkingPhase(store, repositoryId, repository, run, cancelled);
      run.phase(IndexPhase.EMBEDDING);
      embeddingPhase(store, run, cancelled);
      store.markIndexed(repositoryId);
      int removed = store.deleteUnusedEmbeddings();
      LOG.debug("Removed {} vectors no chunk uses any more", removed);
    } catch (DataAccessException e) {
      IndexProgress at = run.snapshot();
      throw new IndexException(
          "Indexing %s stopped in the %s phase after %,d files and %,d chunks: the database failed (%s)"
              .formatted(
                  repository,
                  at.phase().label(),
                  at.filesIndexed(),
                  at.chunksCreated(),
                  e.getMessage()),
          e);
    }
    run.phase(IndexPhase.DONE);
    return run.snapshot();
  }

  // --- phase 1: scan, read, chunk, store ---

  private void chunkingPhase(
      IndexStore store, long repositoryId, Path root, IndexRun run, BooleanSupplier cancelled) {
    Map<String, FileState> known = store.fileStates(repositoryId);
    Set<String> seen = new HashSet<>();
    List<ScannedFile> toRead = new ArrayList<>();
    new RepositoryScanner(options.maxFileSize())
        .scan(
            root,
            file -> {
              seen.add(file.relativePath());
              run.found();
              FileState state = known.get(file.relativePath());
              if (!options.forces(state)
                  && state != null
                  && state.sizeBytes() == file.sizeBytes()
                  && IndexStore.sameTime(state.modifiedAt(), file.modifiedAt())) {
                run.unchanged();
              } else {
                toRead.add(file);
              }
            },
            (path, reason) -> run.skipped(reason));
    checkCancelled(cancelled);
    readChunkAndStore(store, repositoryId, known, toRead, run, cancelled);

    List<Long> gone = new ArrayList<>();
    known.forEach(
        (path, state) -> {
          if (!seen.contains(path)) {
            gone.add(state.id());
          }
        });
    for (int from = 0; from < gone.size(); from += 1000) {
      checkCancelled(cancelled);
      List<Long> batch = gone.subList(from, Math.min(gone.size(), from + 1000));
      store.deleteFiles(batch);
      run.deleted(batch.size());
    }
    IndexProgress chunked = run.snapshot();
    if (chunked.filesIndexed() > 0 || chunked.filesDeleted() > 0) {
      // Fresh statistics now, not whenever autovacuum gets to it: the keyword leg picks a query's
      // rare words by them, so search ranks the same way right after every run.
      store.analyze();
    }
  }

  /** What reading and chunking one file came to. */
  private sealed interface FileOutcome {
    record Changed(FileChange change) implements FileOutcome {}

    record Touched(Touch touch) implements FileOutcome {}

    record Skipped(SourceFile.Skipped skipped) implements FileOutcome {}

    record Failed(String path, String message) implements FileOutcome {}
  }

  private void readChunkAndStore(
      IndexStore store,
      long repositoryId,
      Map<String, FileState> known,
      List<ScannedFile> files,
      IndexRun run,
      BooleanSupplier cancelled) {
    int inFlightLimit = Math.max(options.threads() * 8, options.filesPerTransaction());
    List<FileChange> changes = new ArrayList<>();
    List<Touch> touches = new ArrayList<>();
    int pendingChunks = 0;
    long waitingNanos = 0;
    long phaseStart = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        BatchWriter writer = new BatchWriter(WRITERS)) {
      CompletionService<FileOutcome> completion = new ExecutorCompletionService<>(pool);
      int submitted = 0;
      int completed = 0;
      while (completed < files.size()) {
        while (submitted < files.size() && submitted - completed < inFlightLimit) {
          ScannedFile file = files.get(submitted++);
          completion.submit(() -> readAndChunk(file, known.get(file.relativePath())));
        }
        long waitStart = System.nanoTime();
        FileOutcome outcome = take(completion);
        waitingNanos += System.nanoTime() - waitStart;
        completed++;
        switch (outcome) {
          case FileOutcome.Changed c -> {
            run.processed();
            changes.add(c.change());
            pendingChunks += c.change().chunks().size();
          }
          case FileOutcome.Touched t -> {
            touches.add(t.touch());
            run.unchanged();
          }
          case FileOutcome.Skipped s -> run.skippedFound(s.skipped().reason());
          case FileOutcome.Failed f -> run.error(f.path(), f.message());
        }
        if (changes.size() >= options.filesPerTransaction()
            || pendingChunks >= options.filesPerTransaction() * 20
            || touches.size() >= 1000) {
          checkCancelledAndStop(cancelled, pool);
          write(writer, store, repositoryId, changes, touches, run);
          changes = new ArrayList<>();
          touches = new ArrayList<>();
          pendingChunks = 0;
        }
        run.maybeReport();
      }
      checkCancelledAndStop(cancelled, pool);
      write(writer, store, repositoryId, changes, touches, run);
      writer.finish();
      LOG.debug(
          "Chunking phase: {} files in {} ms; {} ms waiting for chunks, {} ms for the writers",
          files.size(),
          (System.nanoTime() - phaseStart) / 1_000_000,
          waitingNanos / 1_000_000,
          writer.blockedNanos() / 1_000_000);
    }
  }

  /** Hands one transaction's worth of files to the writers. */
  private static void write(
      BatchWriter writer,
      IndexStore store,
      long repositoryId,
      List<FileChange> changes,
      List<Touch> touches,
      IndexRun run) {
    if (changes.isEmpty() && touches.isEmpty()) {
      return;
    }
    writer.submit(() -> run.indexed(changes.size(), store.apply(repositoryId, changes, touches)));
  }

  private FileOutcome readAndChunk(ScannedFile file, FileState state) {
    try {
      SourceFile source = SourceFiles.read(file, options.maxFileSize());
      if (source instanceof SourceFile.Skipped skipped) {
        return new FileOutcome.Skipped(skipped);
      }
      SourceFile.Text text = (SourceFile.Text) source;
      if (!options.forces(state)
          && state != null
          && Arrays.equals(state.contentHash(), text.sha256())) {
        return new FileOutcome.Touched(new Touch(state.id(), file.sizeBytes(), file.modifiedAt()));
      }
      List<StoredChunk> chunks = new ArrayList<>();
      for (Chunk chunk : chunker.split(file.relativePath(), text.text())) {
        chunks.add(StoredChunk.of(file.relativePath(), chunk));
      }
      String language = Chunker.language(file.relativePath()).orElse(null);
      return new FileOutcome.Changed(
          new FileChange(
              file.relativePath(),
              language,
              file.sizeBytes(),
              file.modifiedAt(),
              text.lineCount(),
              text.sha256(),
              chunks));
    } catch (RuntimeException e) {
      LOG.debug("Cannot index {}", file.path(), e);
      return new FileOutcome.Failed(file.relativePath(), String.valueOf(e.getMessage()));
    }
  }

  // --- phase 2: embed ---

  private void embeddingPhase(IndexStore store, IndexRun run, BooleanSupplier cancelled) {
    IndexStore.Counts before = store.counts(null);
    run.toEmbed(before.chunks() - before.embeddedChunks());
    // Vectors are written on another thread while the next batch is embedded; at most two writes
    // wait, so memory stays bounded when the database is slower than the model.
    Set<ByteBuffer> embedded = new HashSet<>();
    // A platform thread, like the chunking and writing ones: threads started by a run inherit its
    // background priority (see BackgroundRuns), a virtual thread's carrier would not be the run's.
    try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
      List<Future<?>> pendingWrites = new ArrayList<>();
      long cursor = 0;
      while (true) {
        checkCancelled(cancelled);
        List<PendingChunk> batch = store.pendingEmbeddings(cursor, options.chunksPerEmbedBatch());
        if (batch.isEmpty()) {
          break;
        }
        cursor = batch.get(batch.size() - 1).id();
        Map<ByteBuffer, String> texts = new LinkedHashMap<>();
        for (PendingChunk chunk : batch) {
          ByteBuffer hash = ByteBuffer.wrap(chunk.contentHash());
          if (!embedded.contains(hash)) {
            texts.putIfAbsent(hash, chunk.content());
          }
        }
        List<float[]> vectors = embedder.embed(List.copyOf(texts.values()));
        List<byte[]> hashes = texts.keySet().stream().map(ByteBuffer::array).toList();
        embedded.addAll(texts.keySet());
        while (pendingWrites.size() >= 2) {
          await(pendingWrites.remove(0));
        }
        pendingWrites.add(writer.submit(() -> store.storeEmbeddings(hashes, vectors)));
        run.embedded(batch.size());
        run.maybeReport();
      }
      for (Future<?> write : pendingWrites) {
        await(write);
      }
    }
    // Exact, duplicates of a text embedded once included.
    run.embeddedExactly(store.counts(null).embeddedChunks() - before.embeddedChunks());
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static FileOutcome take(CompletionService<FileOutcome> completion) {
    try {
      return completion.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexCancelledException("Indexing was interrupted");
    } catch (ExecutionException e) {
      throw new IndexException("Indexing failed: " + e.getCause(), e.getCause());
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexCancelledException("Indexing was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IndexException("Storing vectors failed: " + cause, cause);
    }
  }

  private static void checkCancelled(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      throw new IndexCancelledException("Indexing was cancelled");
    }
  }

  private static void checkCancelledAndStop(BooleanSupplier cancelled, ExecutorService pool) {
    if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
      pool.shutdownNow();
      throw new IndexCancelledException("Indexing was cancelled");
    }
  }
}
