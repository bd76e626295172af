package io.vigil.gateway.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition by polling it, failing with a description when the time is up. */
public final class Await {
    private Await() {
    }

    /** Polls until the condition holds or the time is up; returns whether it held (callers then assert with detail). */
    public static boolean poll(Duration timeout, Supplier<Boolean> condition) {
        try {
            until(timeout, "condition", condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }
}
