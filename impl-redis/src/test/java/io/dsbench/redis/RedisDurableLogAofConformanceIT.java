package io.dsbench.redis;

import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The kit's {@code DurableLogVerification} against a managed redis-server with {@code appendonly yes} and
 * {@code appendfsync always} in a kept data directory: the backend declares DURABLE, so LOG-4 runs, and its
 * reopen is a real server restart (the first server stops, a new one starts on the same directory and AOF).
 */
class RedisDurableLogAofConformanceIT extends DurableLogVerification {
    private final Path dataDir;
    private final BackendConfig config;

    RedisDurableLogAofConformanceIT() throws IOException {
        dataDir = Files.createTempDirectory("dsbench-redis-aof-kit-");
        config = BackendConfig.builder("redis").option("durability", "aof-always").option("dataDir", dataDir.toString())
                .keyPrefix("dsbench/aof-kit").build();
    }

    @Override
    protected Backend openBackend() {
        return Backends.open(config);
    }

    /** A restart: stop the server (keeping the directory), start a new one on it with the same config. */
    @Override
    protected Backend reopenBackend(Backend current) {
        current.close();
        return openBackend();
    }

    /** After the class: stop the server, then delete its data directory. */
    @Override
    protected void closeBackend(Backend backend) {
        backend.close();
        deleteDataDir();
    }

    private void deleteDataDir() {
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
