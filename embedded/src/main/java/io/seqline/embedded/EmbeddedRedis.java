package io.seqline.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process on loopback: the one on PATH when there is one, else the binary
 * packaged by the embedded-redis library. With {@code persistent} it keeps an append-only file in its
 * directory, so a restart keeps its data; without, a restart comes back empty (as a Redis without
 * persistence would after a crash), which the failure drills rely on.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final Path dir;
    private final int port;
    private final boolean persistent;
    private Process process;

    private EmbeddedRedis(Path dir, int port, boolean persistent) {
        this.dir = dir;
        this.port = port;
        this.persistent = persistent;
    }

    public static EmbeddedRedis start(Path dir, int port, boolean persistent) {
        EmbeddedRedis redis = new EmbeddedRedis(dir, FreePorts.orPick(port), persistent);
        redis.start();
        return redis;
    }

    /** Starts (or restarts after {@link #stop()}) on the same port and directory. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toAbsolutePath().toString(), "--save", "",
                    "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"));
            command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "everysec")
                    : List.of("--appendonly", "no"));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        FreePorts.awaitListening(port, Duration.ofSeconds(30), "Redis");
        log.info("embedded Redis listening on {}", url());
    }

    /** Kills the server at once (no save), as a crash would. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    private static String executable() throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            File candidate = new File(entry, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        File packaged = ExecutableProvider.newJarResourceProvider().get();
        packaged.setExecutable(true);
        return packaged.getAbsolutePath();
    }
}
