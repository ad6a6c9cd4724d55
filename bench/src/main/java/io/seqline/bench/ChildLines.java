package io.seqline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The line protocol with a bench child process ({@code connections-client}, {@code fanout-members}): its
 * standard output is read on a thread; lines the {@code handler} takes are consumed there, the others wait
 * for {@link #await}. Closing closes the child's standard input (its signal to stop) and waits for it.
 */
final class ChildLines implements AutoCloseable {

    private static final String EXITED = "\u0000exited";

    private final Process child;
    private final String name;
    private final BlockingQueue<String> others = new LinkedBlockingQueue<>();

    ChildLines(Process child, String name, Predicate<String> handler) {
        this.child = child;
        this.name = name;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!handler.test(line)) {
                        others.add(line);
                    }
                }
            } catch (IOException e) {
                others.add("ERROR " + e);
            }
            others.add(EXITED);
        }, name + "-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line that starts with {@code prefix}; other lines are logged; fails if the child exits first. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = others.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + " child: no " + prefix + " within " + timeout);
            }
            if (line.equals(EXITED)) {
                others.add(EXITED);
                throw new IllegalStateException(name + " child exited before " + prefix);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            System.err.println(name + ": " + line);
        }
    }

    void send(String line) throws IOException {
        OutputStream in = child.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() throws Exception {
        try {
            child.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }
}
