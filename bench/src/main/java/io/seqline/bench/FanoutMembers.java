package io.seqline.bench;

import io.seqline.client.transport.JdkWebSocketTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;

/**
 * The fan-out group's members, run as a child process ({@code fanout-members}) so that the gateway's
 * process spends one descriptor per member (its server socket), not two: ten thousand members fit the
 * 20,000 open-file limit. Each member is a {@link LightReceiver} with its own order and duplicate check.
 *
 * <p>Talks over its standard streams: prints {@code READY <members>} once all are welcomed, then
 * {@code DONE <n> <nanoTime>} when the last member got bench message n ({@code System.nanoTime} is
 * CLOCK_MONOTONIC on Linux, one clock for every process on the machine, so the parent subtracts its send
 * time), and {@code PROGRESS <delivered>} every second. Reads {@code RESET} (forget the warm-up, answers
 * {@code RESET-OK}) and {@code STATS} (answers {@code STATS <delivered> <duplicates> <orderViolations>
 * <base64 latency histogram> <timeline>}); exits when standard input closes.
 */
final class FanoutMembers {

    private FanoutMembers() {
    }

    static void main(BenchOptions o) throws Exception {
        PrintStream out = System.out;
        URI ws = URI.create(o.string("ws", "ws://127.0.0.1:8080/ws"));
        String conversation = o.string("conversation", null);
        int members = o.integer("members", 100);
        List<String> ids = FanoutScenario.memberIds(o.string("run", "x"), members);
        Target tokens = Target.external(o.string("http", "http://127.0.0.1:8080"));
        tokens.prefetchTokens(ids);

        Deliveries deliveries = new Deliveries();
        ConcurrentHashMap<Long, AtomicInteger> remaining = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        JdkWebSocketTransport transport = new JdkWebSocketTransport(http, Duration.ofSeconds(30));
        List<LightReceiver> receivers = new ArrayList<>();
        List<CompletableFuture<Void>> welcomes = new ArrayList<>();
        Semaphore opening = new Semaphore(100);
        for (String id : ids) {
            LightReceiver receiver = new LightReceiver(conversation, deliveries.slot(0), n -> {
                if (remaining.computeIfAbsent(n, k -> new AtomicInteger(members)).decrementAndGet() == 0) {
                    out.println("DONE " + n + " " + System.nanoTime());
                }
            });
            receivers.add(receiver);
            opening.acquireUninterruptibly();
            receiver.open(transport, ws, tokens.token(id), "fan").whenComplete((v, e) -> opening.release());
            welcomes.add(receiver.welcome);
        }
        CompletableFuture.allOf(welcomes.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.MINUTES).join();
        out.println("READY " + members);
        Thread progress = new Thread(() -> {
            while (true) {
                Deliveries.sleep(1000);
                out.println("PROGRESS " + deliveries.delivered.sum());
            }
        }, "fanout-progress");
        progress.setDaemon(true);
        progress.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("RESET")) {
                deliveries.reset();
                remaining.clear();
                out.println("RESET-OK");
            } else if (line.equals("STATS")) {
                Histogram h = deliveries.total();
                ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int length = h.encodeIntoCompressedByteBuffer(buffer);
                String histogram = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
                long[] timeline = deliveries.timeline(o.integer("timeline-seconds", 600));
                out.println("STATS " + deliveries.delivered.sum() + " " + deliveries.duplicates.sum() + " "
                        + deliveries.orderViolations.sum() + " " + histogram + " "
                        + LongStream.of(timeline).mapToObj(Long::toString).collect(Collectors.joining(",")));
            }
        }
        receivers.forEach(LightReceiver::close);
    }
}
