package io.spreadflow.connectors.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition to hold, checking it often, and fails with what was awaited when it does not in time. */
public final class Await {

    /** How often the condition is checked: short against every timeout the tests use. */
    private static final long CHECK_EVERY_NANOS = Duration.ofMillis(20).toNanos();

    private Await() {}

    /** Returns as soon as {@code condition} holds; throws an {@link AssertionError} naming {@code what} after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, () -> what);
    }

    /** As above, the description made when the wait fails (so that it can name the last thing seen). */
    public static void until(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("not within " + timeout + ": " + what.get());
            LockSupport.parkNanos(CHECK_EVERY_NANOS);
            if (Thread.interrupted()) throw new AssertionError("interrupted while waiting for " + what.get());
        }
    }
}
