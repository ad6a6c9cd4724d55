package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqline.embedded.EmbeddedRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A test JVM killed (a fork that timed out, a crash) never stops the {@code redis-server} it started: the next
 * test JVM that starts one finds its directory, sees that the owner is gone and stops the server.
 */
class AbandonedDirectoriesTest {

    @Test
    void theRedisOfADeadTestJvmIsStoppedAndItsDirectoryRemoved() throws Exception {
        Path dir = TempDirs.create("redis");
        try (EmbeddedRedis orphan = EmbeddedRedis.start(dir, 0, false)) {
            long server = Long.parseLong(Files.readString(dir.resolve("seqline-redis.pid")).trim());
            Files.writeString(dir.resolve(TempDirs.OWNER_FILE), Long.toString(deadProcess()));

            TempDirs.reclaimAbandoned("redis", EmbeddedRedis::reclaim);

            ProcessHandle.of(server).ifPresent(handle -> handle.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).as("the orphaned redis-server")
                    .isNotEqualTo(java.util.Optional.of(true));
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void aDirectoryWhoseOwnerLivesIsLeftAlone() throws Exception {
        Path dir = TempDirs.create("redis");
        try (EmbeddedRedis running = EmbeddedRedis.start(dir, 0, false)) {
            TempDirs.reclaimAbandoned("redis", EmbeddedRedis::reclaim);
            assertThat(dir.resolve("seqline-redis.pid")).exists();
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", running.port())) {
                assertThat(client.isConnected()).as("the live owner's server still answers").isTrue();
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The id of a process that has exited. */
    private static long deadProcess() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(10, TimeUnit.SECONDS);
        return done.pid();
    }
}
