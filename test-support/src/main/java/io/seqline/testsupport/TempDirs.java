package io.seqline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary directories for the embedded servers' data, removed when the server stops. Each holds the id of the
 * JVM that made it ({@value #OWNER_FILE}): a JVM that was killed cannot remove its directories or stop their
 * servers, so the next JVM that creates one of the same kind does ({@link #reclaimAbandoned}).
 */
final class TempDirs {

    private static final Logger log = LoggerFactory.getLogger(TempDirs.class);
    private static final String PREFIX = "seqline-test-";

    private TempDirs() {
    }

    static final String OWNER_FILE = "seqline-owner.pid";

    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(PREFIX + prefix + "-");
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Directories of this kind whose owner JVM is gone: {@code stopServers} stops what runs on each, then it is
     * deleted. A directory whose owner lives (another test JVM) or that names no owner is left alone.
     */
    static void reclaimAbandoned(String prefix, Consumer<Path> stopServers) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(dir -> dir.getFileName().toString().startsWith(PREFIX + prefix + "-"))
                    .filter(TempDirs::abandoned)
                    .forEach(dir -> {
                        log.warn("reclaiming {}: the test JVM that made it is gone", dir);
                        stopServers.accept(dir);
                        delete(dir);
                    });
        } catch (IOException e) {
            log.warn("cannot look for abandoned test directories in {}: {}", tmp, e.toString());
        }
    }

    private static boolean abandoned(Path dir) {
        try {
            long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
            return ProcessHandle.of(owner).map(handle -> !handle.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Deletes {@code dir} and everything below it; best effort, as a leftover must not fail a test run. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot delete test data directory {}: {}", dir, e.toString());
        }
    }
}
