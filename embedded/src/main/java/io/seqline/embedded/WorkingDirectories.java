package io.seqline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The working directory of another process, as Linux shows it ({@code /proc/<pid>/cwd}). Servers that rewrite
 * their command line (redis-server shows only its address) still run in their data directory, which tells
 * whose they are. Empty where there is no {@code /proc} or it cannot be read.
 */
public final class WorkingDirectories {

    private WorkingDirectories() {
    }

    public static Optional<Path> of(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether this system shows working directories at all ({@code /proc}). */
    static boolean shown() {
        return Files.exists(Path.of("/proc/self"));
    }
}
