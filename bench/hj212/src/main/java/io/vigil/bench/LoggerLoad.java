package io.vigil.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vigil.driver.hj212.Hj212Frame;
import io.vigil.driver.hj212.Hj212FrameSplitter;
import io.vigil.driver.hj212.Hj212ParseResult;
import io.vigil.driver.hj212.Hj212Parser;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N HJ 212 data loggers on N TCP connections, driven by a few Vert.x event loops (not a thread per
 * connection). Each logger sends its own frames in sequence and matches every answer to the oldest
 * unanswered frame by QN: a 9014 answer counts as answered with its latency from the write of the
 * frame; a 9011 refusal, an unexpected answer or a connection closed with frames pending is a
 * problem of the run. Loggers are split into shards, one per event loop; a shard's loggers, timers
 * and answers all run on that shard's thread.
 */
final class LoggerLoad implements AutoCloseable {
    /** Connections a shard opens at a time, so the gateway's accept backlog never overflows. */
    private static final int CONNECTS_IN_FLIGHT = 128;
    private static final long TICK_MILLIS = 1;
    private static final int FIRST_FRAMES_PER_TURN = 100;

    private final Vertx vertx;
    private final LoggerFleet fleet;
    private NetClient client;
    private final List<Shard> shards = new ArrayList<>();
    /** Frames the gateway sent that were requests (CN 1011 clock query, ...), not answers. */
    private final AtomicLong requestsFromGateway = new AtomicLong();

    private LoggerLoad(Vertx vertx, LoggerFleet fleet) {
        this.vertx = vertx;
        this.fleet = fleet;
    }

    /** Opens one connection per logger of the fleet to {@code host:port}; fails if any cannot connect within {@code timeout}. */
    static LoggerLoad connect(LoggerFleet fleet, String host, int port, int threads, Duration timeout) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setWorkerPoolSize(1));
        LoggerLoad load = new LoggerLoad(vertx, fleet);
        try {
            NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            load.client = client;
            List<CompletableFuture<Void>> connecting = new ArrayList<>();
            for (int s = 0; s < threads; s++) {
                Shard shard = load.new Shard(vertx.getOrCreateContext());
                for (int i = s; i < fleet.size(); i += threads) {
                    shard.loggers.add(load.new Logger(i));
                }
                load.shards.add(shard);
                connecting.add(shard.connectAll(client, host, port));
            }
            CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            load.close();
            throw e;
        }
        return load;
    }

    /** Every logger sends exactly one frame: the first frame of a connection, which the gateway authenticates. */
    LoadResult oneEach(String name, Duration timeout) throws InterruptedException {
        return run(new Run(name, fleet.size(), timeout), Shard::sendOneEach, timeout);
    }

    /** {@code perSecond} frames/s in total for {@code duration}, spread evenly over loggers and time. */
    LoadResult paced(String name, int perSecond, Duration duration, Duration timeout) throws InterruptedException {
        long total = perSecond * duration.toSeconds();
        return run(new Run(name, total, duration.plus(timeout)), shard -> shard.sendPaced(perSecond, total), timeout.plus(duration));
    }

    /** For {@code duration}, each logger keeps {@code window} frames unanswered: the next goes out as an answer comes in. */
    LoadResult burst(String name, Duration duration, int window, Duration timeout) throws InterruptedException {
        // the latency record keeps every sample up to this many (8 bytes each); more frames are still counted
        long capacity = Math.min(8_000_000, Math.max(1_000_000, duration.toSeconds() * 200_000));
        return run(new Run(name, capacity, duration.plus(timeout)), shard -> shard.sendBurst(duration, window), timeout.plus(duration));
    }

    private LoadResult run(Run run, java.util.function.Consumer<Shard> start, Duration timeout) throws InterruptedException {
        run.shardsSending.set(shards.size());
        run.startNanos = System.nanoTime();
        for (Shard shard : shards) {
            shard.context.runOnContext(v -> {
                shard.run = run;
                start.accept(shard);
            });
        }
        boolean complete;
        try {
            run.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            complete = true;
        } catch (TimeoutException e) {
            complete = false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        // stop whatever is still sending, and wait for the shards to see it, before the next run starts; after a
        // timeout, frames still unanswered count as lost here, and an answer that comes later as unexpected then
        boolean timedOut = !complete;
        CompletableFuture<?>[] stopped = shards.stream().map(s -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            s.context.runOnContext(v -> {
                s.stopSending();
                if (timedOut) {
                    s.loggers.forEach(l -> run.lost.addAndGet(l.forgetPending()));
                }
                s.run = null;
                f.complete(null);
            });
            return f;
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(stopped).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            run.problem("the load generator's event loops did not stop sending: " + e);
        }
        if (timedOut) {
            run.problem("timed out after " + timeout.toSeconds() + " s with frames unanswered");
        }
        return run.result();
    }

    /** Requests (not answers) the gateway has sent to the loggers so far. */
    long requestsFromGateway() {
        return requestsFromGateway.get();
    }

    /** Closes every connection, then the event loops. */
    @Override
    public void close() {
        try {
            if (client != null) {
                // no grace period: the loggers have nothing left to send or wait for
                client.shutdown(0, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Log.info("load generator: closing its connections and event loops failed: %s", e);
        }
    }

    /**
     * Outcome of one run. {@code startNanos}: first frame; {@code endNanos}: last answer;
     * {@code slowestBySecond}: per second of the run (by when the frame was sent), the slowest answer.
     */
    record LoadResult(String name, long sent, long answered, long refused, long unexpected, long lost, long startNanos,
                      long endNanos, Latencies.Summary latency, long[] slowestBySecond, String problem) {
        /** Seconds of the run in which some frame waited longer than {@code millis} for its answer. */
        int secondsSlowerThan(double millis) {
            int n = 0;
            for (long slowest : slowestBySecond) {
                n += slowest > millis * 1e6 ? 1 : 0;
            }
            return n;
        }

        /** The second (from the start) whose slowest answer was the slowest of all. */
        int worstSecond() {
            int worst = 0;
            for (int i = 1; i < slowestBySecond.length; i++) {
                worst = slowestBySecond[i] > slowestBySecond[worst] ? i : worst;
            }
            return worst;
        }

        double answeredPerSecond() {
            return endNanos <= startNanos ? 0 : answered / ((endNanos - startNanos) / 1e9);
        }

        boolean allAnswered() {
            return answered == sent && problem == null;
        }
    }

    /** The shared state of one run: counters from all shards, and its completion. */
    private static final class Run {
        final String name;
        final Latencies latencies;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong lastAnswerNanos = new AtomicLong();
        final AtomicInteger shardsSending = new AtomicInteger();
        final AtomicReference<String> firstProblem = new AtomicReference<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicLongArray slowestBySecond;
        volatile long startNanos;

        Run(String name, long latencyCapacity, Duration longest) {
            this.name = name;
            this.latencies = new Latencies(latencyCapacity);
            this.slowestBySecond = new AtomicLongArray((int) longest.toSeconds() + 1);
        }

        void answered(long sentNanos, long answeredNanos) {
            long latency = answeredNanos - sentNanos;
            latencies.record(latency);
            int second = (int) Math.min(slowestBySecond.length() - 1, Math.max(0, (sentNanos - startNanos) / 1_000_000_000L));
            slowestBySecond.accumulateAndGet(second, latency, Math::max);
            answered.incrementAndGet();
            lastAnswerNanos.accumulateAndGet(answeredNanos, Math::max);
        }

        long settled() {
            return answered.get() + refused.get() + unexpected.get() + lost.get();
        }

        void problem(String p) {
            firstProblem.compareAndSet(null, p);
        }

        /** Called after every answer and when a shard stops sending: complete once nothing is outstanding. */
        void checkDone() {
            if (shardsSending.get() == 0 && settled() >= sent.get()) {
                done.complete(null);
            }
        }

        LoadResult result() {
            long end = lastAnswerNanos.get();
            long seconds = Math.max(1, ((end == 0 ? System.nanoTime() : end) - startNanos + 999_999_999L) / 1_000_000_000L);
            long[] bySecond = new long[(int) Math.min(slowestBySecond.length(), seconds)];
            for (int i = 0; i < bySecond.length; i++) {
                bySecond[i] = slowestBySecond.get(i);
            }
            return new LoadResult(name, sent.get(), answered.get(), refused.get(), unexpected.get(), lost.get(), startNanos,
                    end == 0 ? System.nanoTime() : end, latencies.summarize(), bySecond, firstProblem.get());
        }
    }

    /** A frame waiting for its answer. */
    private record Sent(String qn, long sentNanos) {
    }

    /** The loggers of one event loop. Everything here runs on {@link #context}'s thread. */
    private final class Shard {
        final Context context;
        final List<Logger> loggers = new ArrayList<>();
        Run run;
        private long timer = -1;
        private boolean sending;
        private boolean burst;

        Shard(Context context) {
            this.context = context;
        }

        CompletableFuture<Void> connectAll(NetClient client, String host, int port) {
            CompletableFuture<Void> all = new CompletableFuture<>();
            int[] next = {0};
            int[] connected = {0};
            Runnable[] connectNext = new Runnable[1];
            connectNext[0] = () -> {
                if (next[0] >= loggers.size()) {
                    return;
                }
                Logger logger = loggers.get(next[0]++);
                client.connect(port, host).onComplete(ar -> {
                    if (ar.failed()) {
                        all.completeExceptionally(new IllegalStateException("logger " + LoggerFleet.mn(logger.index)
                                + " cannot connect to " + host + ":" + port + ": " + ar.cause(), ar.cause()));
                        return;
                    }
                    logger.attach(ar.result(), this);
                    if (++connected[0] == loggers.size()) {
                        all.complete(null);
                    }
                    connectNext[0].run();
                });
            };
            context.runOnContext(v -> {
                if (loggers.isEmpty()) {
                    all.complete(null);
                }
                for (int i = 0; i < CONNECTS_IN_FLIGHT; i++) {
                    connectNext[0].run();
                }
            });
            return all;
        }

        void sendOneEach() {
            sending = true;
            sendOneEachFrom(0);
        }

        /** A slice of loggers per turn of the event loop, so that answers are read while the rest still go out. */
        private void sendOneEachFrom(int from) {
            if (!sending) {
                return; // the run ended (timed out) meanwhile
            }
            int to = Math.min(loggers.size(), from + FIRST_FRAMES_PER_TURN);
            for (int i = from; i < to; i++) {
                loggers.get(i).send(run);
            }
            if (to < loggers.size()) {
                context.runOnContext(v -> sendOneEachFrom(to));
            } else {
                stopSending();
            }
        }

        void sendPaced(int perSecondTotal, long totalFrames) {
            int n = fleet.size();
            long share = totalFrames * loggers.size() / n;
            // frame j of this shard is due j intervals after the start, and goes to logger j mod size
            double intervalNanos = 1e9 * n / ((double) perSecondTotal * loggers.size());
            long start = System.nanoTime();
            long[] next = {0};
            sending = true;
            timer = vertx.setPeriodic(TICK_MILLIS, id -> {
                long now = System.nanoTime();
                while (next[0] < share && start + (long) (next[0] * intervalNanos) <= now) {
                    loggers.get((int) (next[0] % loggers.size())).send(run);
                    next[0]++;
                }
                if (next[0] >= share) {
                    stopSending();
                }
            });
        }

        void sendBurst(Duration duration, int window) {
            sending = true;
            burst = true;
            for (Logger l : loggers) {
                for (int i = 0; i < window; i++) {
                    l.send(run);
                }
            }
            timer = vertx.setTimer(Math.max(1, duration.toMillis()), id -> {
                timer = -1;
                stopSending();
            });
        }

        /** In a burst, an answer frees a place in the logger's window: the next frame goes out at once. */
        void answered(Logger logger) {
            if (sending && burst) {
                logger.send(run);
            }
        }

        /** Ends this shard's sending in the current run (once); the run completes when every shard has and all is answered. */
        void stopSending() {
            if (!sending) {
                return;
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            sending = false;
            burst = false;
            run.shardsSending.decrementAndGet();
            run.checkDone();
        }
    }

    /** One data logger: its connection, its frame sequence and its unanswered frames. */
    private final class Logger {
        final int index;
        private final Hj212FrameSplitter answers = new Hj212FrameSplitter();
        private final ArrayDeque<Sent> pending = new ArrayDeque<>();
        private NetSocket socket;
        private Shard shard;
        private long nextFrame;
        boolean closed;

        Logger(int index) {
            this.index = index;
        }

        void attach(NetSocket s, Shard owner) {
            this.socket = s;
            this.shard = owner;
            s.handler(this::onData);
            s.exceptionHandler(e -> Log.info("logger %s: %s", LoggerFleet.mn(index), e));
            s.closeHandler(v -> onClose());
        }

        /** Drops the frames still waiting for an answer; returns how many there were. */
        int forgetPending() {
            int n = pending.size();
            pending.clear();
            return n;
        }

        void send(Run run) {
            if (closed) {
                return;
            }
            long k = nextFrame++;
            Buffer frame = Buffer.buffer(fleet.frame(index, k));
            run.sent.incrementAndGet();
            pending.add(new Sent(fleet.qn(k), System.nanoTime()));
            socket.write(frame);
        }

        private void onData(Buffer data) {
            for (Hj212FrameSplitter.Piece piece : answers.feed(data.getBytes())) {
                long now = System.nanoTime();
                Hj212ParseResult parsed = Hj212Parser.parse(piece.bytes());
                Hj212Frame frame = parsed instanceof Hj212ParseResult.Valid v ? v.frame() : null;
                if (frame != null && frame.cn() != null && !frame.cn().startsWith("9")) {
                    request(frame);
                    continue;
                }
                Run run = shard.run;
                Sent sent = pending.poll();
                if (run == null) {
                    continue; // an answer to a frame of a run that already ended (timed out); it was counted there
                }
                if (sent == null || frame == null) {
                    run.unexpected.incrementAndGet();
                    run.problem("logger " + LoggerFleet.mn(index) + " got " + (frame == null ? "an invalid frame" : "an answer to nothing")
                            + ": " + piece.text());
                } else if ("9014".equals(frame.cn()) && sent.qn().equals(frame.qn())) {
                    run.answered(sent.sentNanos(), now);
                } else if ("9011".equals(frame.cn())) {
                    run.refused.incrementAndGet();
                    run.problem("logger " + LoggerFleet.mn(index) + " was refused: " + piece.text());
                } else {
                    run.unexpected.incrementAndGet();
                    run.problem("logger " + LoggerFleet.mn(index) + " expected 9014 for QN " + sent.qn() + ", got " + piece.text());
                }
                shard.answered(this);
                run.checkDone();
            }
        }

        /**
         * A request of the gateway, not an answer. The clock query (CN 1011) gets what a logger with a
         * correct clock uploads: its SystemTime, under the request's QN, without asking for an answer.
         * Other requests are only counted.
         */
        private void request(Hj212Frame request) {
            requestsFromGateway.incrementAndGet();
            if ("1011".equals(request.cn())) {
                socket.write(Buffer.buffer(fleet.clockReport(index, request.qn())));
            }
        }

        private void onClose() {
            closed = true;
            Run run = shard.run;
            if (run != null && !pending.isEmpty()) {
                run.lost.addAndGet(pending.size());
                run.problem("the gateway closed the connection of logger " + LoggerFleet.mn(index) + " with " + pending.size()
                        + " frames unanswered");
                pending.clear();
                run.checkDone();
            }
        }
    }
}
