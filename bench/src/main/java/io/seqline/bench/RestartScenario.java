package io.seqline.bench;

import io.seqline.client.SeqlineClient;
import io.seqline.common.ids.ConversationIds;
import io.seqline.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * {@code restart}: the standalone ({@code java -jar seqline-bench.jar standalone}, the same main as
 * {@code seqline-standalone.jar}) on a data directory of its own, killed with SIGKILL and started again,
 * {@code --restarts} times. Per restart it measures how long after the new gateway accepts connections a
 * message sent then is shown to its receiver (the latency histogram), and how many of the killed run's
 * {@code redis-server} and PostgreSQL processes are still alive once the new run serves (orphans). After the
 * last restart the standalone is stopped with SIGTERM and nothing of it may be left running.
 */
final class RestartScenario {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private RestartScenario() {
    }

    static Result run(BenchOptions o) throws Exception {
        int restarts = o.integer("restarts", 2);
        Path data = Files.createTempDirectory("seqline-bench-restart-");
        int port = FreePorts.pick();
        List<String> args = List.of("--data-dir", data.toString(), "--port", String.valueOf(port),
                "--kafka-port", String.valueOf(FreePorts.pick()), "--redis-port", String.valueOf(FreePorts.pick()),
                "--postgres-port", String.valueOf(FreePorts.pick()));
        String run = UUID.randomUUID().toString().substring(0, 6);
        Exchange exchange = new Exchange("http://127.0.0.1:" + port, "ra-" + run, "rb-" + run);
        Histogram firstDelivery = new Histogram(3);
        List<Double> acceptSeconds = new ArrayList<>();
        List<Double> deliverySeconds = new ArrayList<>();
        long sent = 0;
        long delivered = 0;
        long orphans = 0;
        Process child = start(args, data);
        try {
            FreePorts.awaitListening(port, START_TIMEOUT, "the standalone's gateway");
            sent++;
            delivered += exchange.send("before the first kill") ? 1 : 0;
            for (int i = 1; i <= restarts; i++) {
                Set<Long> servers = servers(data);
                child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
                long killed = System.nanoTime();
                child = start(args, data);
                FreePorts.awaitListening(port, START_TIMEOUT, "the restarted standalone's gateway");
                long accepting = System.nanoTime();
                sent++;
                boolean shown = exchange.send("after restart " + i);
                long shownAt = System.nanoTime();
                delivered += shown ? 1 : 0;
                orphans += servers.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
                acceptSeconds.add((accepting - killed) / 1e9);
                deliverySeconds.add((shownAt - accepting) / 1e9);
                if (shown) {
                    firstDelivery.recordValue((shownAt - accepting) / 1000);
                }
                System.err.printf("bench: restart %d: gateway accepting %.1f s after SIGKILL, first send shown %.2f s after that%n",
                        i, (accepting - killed) / 1e9, (shownAt - accepting) / 1e9);
            }
        } finally {
            stop(child);
        }
        long leftAfterStop = servers(data).size();
        Target.deleteTree(data);
        Result r = Result.of("restart", sent, sent, delivered, 0, 0, 0.0, firstDelivery);
        return r.put("restarts", restarts).put("acceptAfterKillSeconds", acceptSeconds)
                .put("firstDeliveryAfterAcceptSeconds", deliverySeconds).put("orphans", orphans)
                .put("leftRunningAfterStop", leftAfterStop);
    }

    /** The standalone main of this jar, its output in the data directory's {@code standalone.log}. */
    private static Process start(List<String> args, Path data) throws IOException {
        List<String> command = new ArrayList<>(ConnectionsScenario.childJava(null));
        command.add("standalone");
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("standalone.log").toFile())).start();
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy(); // SIGTERM: the standalone stops its services and servers
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
        }
    }

    /**
     * The embedded servers of the standalone on {@code data}: PostgreSQL runs detached (pg_ctl), so it is
     * no child of the standalone; {@code redis-server} runs in its {@code --dir}.
     */
    private static Set<Long> servers(Path data) {
        String dir = data.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(dir)).orElse(false)
                        || io.seqline.embedded.WorkingDirectories.of(p).map(cwd -> cwd.startsWith(dir)).orElse(false))
                .filter(p -> p.info().command().map(c -> c.contains("postgres") || c.contains("redis")).orElse(false))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** One direct chat: each send connects both users, sends one message and waits until it is shown. */
    private static final class Exchange {

        private final Target gateway;
        private final String sender;
        private final String receiver;
        private final String conversation;
        private long lastSeq;

        Exchange(String gatewayHttp, String sender, String receiver) {
            this.gateway = Target.external(gatewayHttp);
            this.sender = sender;
            this.receiver = receiver;
            this.conversation = ConversationIds.direct(sender, receiver);
        }

        /** Whether the message was shown to the receiver within the timeout. */
        boolean send(String text) throws Exception {
            CompletableFuture<Long> shown = new CompletableFuture<>();
            try (SeqlineClient in = SeqlineClient.connect(gateway.ws(), gateway.token(receiver), "restart-in");
                 SeqlineClient out = SeqlineClient.connect(gateway.ws(), gateway.token(sender), "restart-out")) {
                in.listen(conversation, lastSeq, message -> {
                    if (message.getContent().getText().equals(text)) {
                        shown.complete(message.getSeq());
                    }
                });
                out.sendText(conversation, text);
                lastSeq = shown.get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
    }
}
