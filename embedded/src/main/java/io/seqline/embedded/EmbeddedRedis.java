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
 *
 * <p>The server's process id is kept in {@code seqline-redis.pid} in its directory. A JVM killed with SIGKILL
 * cannot stop its children, so its {@code redis-server} keeps running; the next start on the same directory
 * finds it there and stops it (SIGTERM: Redis writes its append-only file out and exits) before it starts
 * its own, instead of leaving an orphan that holds the port and the files.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String PID_FILE = "seqline-redis.pid";

    private final Path dir;
    private final int port;
    private final boolean persistent;
    private final List<String> extraArgs;
    private Process process;
    /** Stops a scratch (non-persistent) server when this JVM exits without closing it. */
    private Thread exitHook;

    private EmbeddedRedis(Path dir, int port, boolean persistent, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.persistent = persistent;
        this.extraArgs = List.copyOf(extraArgs);
    }

    public static EmbeddedRedis start(Path dir, int port, boolean persistent) {
        return start(dir, port, persistent, List.of());
    }

    /**
     * As {@link #start(Path, int, boolean)}, with {@code extraArgs} (e.g. {@code "--cluster-enabled", "yes"})
     * after the usual options on every start's command line, where they override them.
     */
    static EmbeddedRedis start(Path dir, int port, boolean persistent, List<String> extraArgs) {
        EmbeddedRedis redis = new EmbeddedRedis(dir, FreePorts.orPick(port), persistent, extraArgs);
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
            reclaim(dir);
            List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toAbsolutePath().toString(), "--save", "",
                    "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"));
            command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "everysec")
                    : List.of("--appendonly", "no"));
            command.addAll(extraArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            if (!persistent) { // a scratch server; a persistent one is stopped by its owner, or reclaimed by the next
                Process started = process;
                exitHook = new Thread(started::destroy, "redis-server-" + port + "-exit");
                Runtime.getRuntime().addShutdownHook(exitHook);
            }
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
            if (exitHook != null) {
                Runtime.getRuntime().removeShutdownHook(exitHook);
                exitHook = null;
            }
        } catch (IllegalStateException exiting) {
            // the JVM is exiting and runs the hook anyway
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", pidFile(), e.toString());
        }
    }

    private Path pidFile() {
        return dir.resolve(PID_FILE);
    }

    /**
     * Stops a {@code redis-server} left running on {@code dir} by an owner that died without stopping it (its pid
     * is in {@code seqline-redis.pid}), with SIGTERM so that it writes its append-only file. Nothing happens when
     * that process is gone or is not a redis-server running in {@code dir} (the id was reused).
     */
    public static void reclaim(Path dir) {
        Path file = dir.resolve(PID_FILE);
        if (!Files.exists(file)) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(file).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> isServerOn(handle, dir))
                    .ifPresent(orphan -> {
                        log.warn("stopping redis-server (pid {}) left running on {} by a process that was killed",
                                orphan.pid(), dir.toAbsolutePath());
                        orphan.destroy();
                        try {
                            orphan.onExit().get(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                            orphan.destroyForcibly();
                        }
                    });
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            log.warn("cannot reclaim the redis-server of {}: {}", dir, e.toString());
        }
    }

    /** Whether {@code handle} is a {@code redis-server} serving {@code dir}, not a process that reused the id. */
    private static boolean isServerOn(ProcessHandle handle, Path dir) {
        if (!handle.info().command().map(command -> command.contains("redis")).orElse(false)) {
            return false;
        }
        if (!WorkingDirectories.shown()) {
            return true;
        }
        return WorkingDirectories.of(handle).map(cwd -> {
            try {
                return Files.isSameFile(cwd, dir);
            } catch (IOException e) {
                return false;
            }
        }).orElse(false);
    }

    /** The process id of the running {@code redis-server}. */
    synchronized long pid() {
        return process.pid();
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
