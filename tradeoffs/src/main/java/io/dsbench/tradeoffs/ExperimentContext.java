package io.dsbench.tradeoffs;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What an {@link Experiment} gets for one backend: the backend's configuration as the user gave it, a way to open
 * variants of it (other topologies, options), the quick/full profile, the run's seed, a directory for its own files,
 * a progress line printer, and the sink for its figures. Closes what the experiment opened and left open.
 */
public final class ExperimentContext implements AutoCloseable {
    private final Experiment experiment;
    private final BackendConfig config;
    private final boolean quick;
    private final long seed;
    private final Path dir;
    private final Consumer<String> progress;
    private final Consumer<Figure> sink;
    private final String command;
    private final List<Figure> added = new ArrayList<>();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    ExperimentContext(Experiment experiment, BackendConfig config, boolean quick, long seed, Path dir,
                      Consumer<String> progress, Consumer<Figure> sink, String command) {
        this.experiment = experiment;
        this.config = config;
        this.quick = quick;
        this.seed = seed;
        this.dir = dir;
        this.progress = progress;
        this.sink = sink;
        this.command = command;
    }

    /** A context for tests and other callers: figures go to {@code sink}, progress to {@code progress}. */
    public static ExperimentContext of(Experiment experiment, BackendConfig config, boolean quick, long seed, Path dir,
                                       Consumer<String> progress, Consumer<Figure> sink) {
        return new ExperimentContext(experiment, config, quick, seed, dir, progress, sink,
                TradeoffsRunner.command(experiment.id(), config, quick, seed));
    }

    /** The backend's name: {@code inmemory}, {@code redis}, {@code etcd}, or a plugged-in one. */
    public String backend() {
        return config.backend();
    }

    /** The backend's configuration as given on the command line (options, endpoints, timeouts, key prefix). */
    public BackendConfig config() {
        return config;
    }

    /** Whether dsbench starts the servers itself (false with {@code --endpoint}: topologies cannot be changed). */
    public boolean managed() {
        return config.managed();
    }

    /** The short profile ({@code --quick}: a smoke test for CI, seconds per experiment). */
    public boolean quick() {
        return quick;
    }

    /** The run's seed: experiments that draw random numbers derive theirs from it. */
    public long seed() {
        return seed;
    }

    /** A random source seeded from the run's seed and this experiment's and backend's names. */
    public Random random() {
        return new Random(seed ^ ((long) experiment.id().hashCode() << 32) ^ backend().hashCode());
    }

    /** This experiment's own directory for files (histories, logs), created on first call. */
    public Path dir() {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Prints one progress line (prefixed with the experiment and backend). */
    public void progress(String line) {
        progress.accept("[" + experiment.id() + "/" + backend() + "] " + line);
    }

    /** The command that reproduces this experiment on this backend. */
    public String command() {
        return command;
    }

    /** Adds a figure (its backend and command are filled in here, unless set). */
    public void add(Figure f) {
        Figure full = f.on(backend(), command);
        synchronized (added) {
            added.add(full);
        }
        sink.accept(full);
    }

    /** Figures added so far. */
    public List<Figure> figures() {
        synchronized (added) {
            return List.copyOf(added);
        }
    }

    /**
     * Opens the backend with extra options on top of the user's (e.g. {@code topology=replicated},
     * {@code members=3}); closed by {@link #close} unless closed before. The options are the backend's own names
     * without the backend prefix. On an external server (not {@link #managed()}) the keys written under the run's
     * key prefix are deleted before it is closed.
     */
    public Backend open(Map<String, String> extraOptions) {
        BackendConfig.Builder b = config.toBuilder();
        extraOptions.forEach(b::option);
        Backend backend = Backends.open(b.build());
        if (!config.managed()) {
            // an external server: delete what the experiment wrote under the run's key prefix before closing
            track(backend);
            track(() -> {
                long n = backend.deleteWrittenData();
                if (n > 0) {
                    progress("deleted the " + n + " keys it wrote under " + config.keyPrefix() + "/");
                }
            });
            return backend;
        }
        return track(backend);
    }

    /** Closes {@code resource} with the context (last opened, first closed). */
    public <T extends AutoCloseable> T track(T resource) {
        synchronized (opened) {
            opened.push(resource);
        }
        return resource;
    }

    /**
     * Closes everything opened through this context; the first failure is thrown (unchecked, naming the resource)
     * after all are closed.
     */
    @Override
    public void close() {
        Exception first = null;
        AutoCloseable failed = null;
        while (true) {
            AutoCloseable c;
            synchronized (opened) {
                c = opened.poll();
            }
            if (c == null) {
                break;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                    failed = c;
                }
            }
        }
        if (first != null) {
            throw new IllegalStateException("closing " + failed + " failed: " + first.getMessage(), first);
        }
    }
}
