package io.dsbench.chaos.nemesis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition on another process's state (there is nothing to wait on across processes). */
public final class Await {
    private Await() {
    }

    /** True once {@code condition} holds, false when {@code max} passed first. */
    public static boolean until(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Whether the OS process is alive. */
    public static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The process state letter from {@code /proc/<pid>/stat} ({@code T} = stopped), or '?' when unreadable. */
    public static char procState(long pid) {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            int close = s.lastIndexOf(')');
            return s.charAt(close + 2);
        } catch (java.io.IOException | RuntimeException e) {
            return '?';
        }
    }
}
