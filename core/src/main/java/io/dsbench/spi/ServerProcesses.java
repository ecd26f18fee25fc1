package io.dsbench.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the servers a managed backend starts (and their temp directories) die with the JVM that started them,
 * however it ends. The one mechanism every launcher uses (redis, etcd).
 *
 * <ul>
 *   <li>Normal exit or a signal the JVM handles (Ctrl-C, SIGTERM): a shutdown hook stops every registered
 *       process (SIGCONT, SIGTERM, SIGKILL after 2 s) and then deletes every registered directory.</li>
 *   <li>The JVM is killed (SIGKILL, a crash): a small watchdog shell process, started with the first server,
 *       reads registrations on its standard input; when that pipe closes (the JVM is gone) it sends SIGKILL to
 *       every process still registered and deletes every registered directory. It ignores SIGINT, SIGTERM and
 *       SIGHUP, so a Ctrl-C that reaches the whole process group does not take it down before it has cleaned
 *       up.</li>
 * </ul>
 * Only processes registered here are ever signalled, by PID; a process is unregistered as soon as it exits, so
 * a PID reused later by another program is never touched. Thread-safe.
 */
public final class ServerProcesses {
    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();
    private static OutputStream watchdog;
    private static boolean hookInstalled;

    /** The watchdog: registrations on stdin ("+p PID", "-p PID", "+d DIR", "-d DIR"); cleans up at EOF. */
    static final String WATCHDOG_SCRIPT = String.join("\n",
            "trap '' INT TERM HUP",
            "pids=''",
            "dirs=''",
            "while IFS= read -r line; do",
            "  arg=${line#?? }",
            "  case \"$line\" in",
            "    '+p '*) pids=\"$pids $arg\" ;;",
            "    '-p '*) keep=''; for x in $pids; do [ \"$x\" = \"$arg\" ] || keep=\"$keep $x\"; done; pids=$keep ;;",
            "    '+d '*) dirs=$(printf '%s\\n%s' \"$dirs\" \"$arg\") ;;",
            "    '-d '*) dirs=$(printf '%s\\n' \"$dirs\" | grep -vxF -- \"$arg\") ;;",
            "  esac",
            "done",
            "for x in $pids; do kill -CONT \"$x\" 2>/dev/null; kill -KILL \"$x\" 2>/dev/null; done",
            "sleep 0.2",
            "printf '%s\\n' \"$dirs\" | while IFS= read -r d; do [ -n \"$d\" ] && rm -rf -- \"$d\"; done",
            "");

    private ServerProcesses() {
    }

    /** Registers a server process just started: it is stopped when the JVM ends, however it ends. */
    public static void register(Process p) {
        PROCESSES.add(p);
        ensureWatchdogAndHook();
        send("+p " + p.pid());
        p.onExit().thenRun(() -> unregister(p));
    }

    /** Forgets a process (it exited, or was stopped on purpose). Idempotent. */
    public static void unregister(Process p) {
        if (PROCESSES.remove(p)) {
            send("-p " + p.pid());
        }
    }

    /** Registers a temp directory: deleted when the JVM ends, however it ends. */
    public static void registerDir(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.toString().contains("\n")) {
            throw new IllegalArgumentException("directory name contains a newline: " + abs);
        }
        DIRS.add(abs);
        ensureWatchdogAndHook();
        send("+d " + abs);
    }

    /** Forgets a directory (deleted by its owner). Idempotent. */
    public static void unregisterDir(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (DIRS.remove(abs)) {
            send("-d " + abs);
        }
    }

    /** Deletes a directory tree, best effort (a file that cannot be deleted is left). */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static synchronized void ensureWatchdogAndHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ServerProcesses::cleanUpOnExit, "dsbench-server-reaper"));
            hookInstalled = true;
        }
        if (watchdog == null) {
            try {
                Process w = new ProcessBuilder("sh", "-c", WATCHDOG_SCRIPT)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                watchdog = w.getOutputStream();
            } catch (IOException e) {
                // without sh there is no watchdog; the shutdown hook still covers every exit but SIGKILL
                watchdog = OutputStream.nullOutputStream();
            }
        }
    }

    private static synchronized void send(String line) {
        if (watchdog == null) {
            return;
        }
        try {
            watchdog.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            watchdog.flush();
        } catch (IOException e) {
            watchdog = OutputStream.nullOutputStream(); // the watchdog died; the hook remains
        }
    }

    /** The shutdown hook: stop every registered process, then delete every registered directory. */
    static void cleanUpOnExit() {
        List<Process> live = List.copyOf(PROCESSES);
        for (Process p : live) {
            signal(p, "CONT");
            p.destroy();
        }
        for (Process p : live) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        for (Path d : List.copyOf(DIRS)) {
            deleteTree(d);
        }
    }

    private static void signal(Process p, String sig) {
        if (!p.isAlive()) {
            return;
        }
        try {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            k.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // SIGTERM / SIGKILL follow anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
