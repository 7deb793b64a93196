package io.spreadflow.connectors.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds each event back until its place on the wall clock: event time is measured from the first
 * event, divided by the speed, and added to the wall time at which the first event was released.
 * Waiting parks the thread (no busy loop); an event already due (or earlier than the first) goes at once.
 */
public final class EventTimePacer {

    private final ReplaySpeed speed;
    private boolean started;
    private long firstEventUs;
    private long startNanos;

    public EventTimePacer(ReplaySpeed speed) {
        this.speed = speed;
    }

    /**
     * Blocks until the event at {@code eventTsUs} is due.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public void awaitDue(long eventTsUs) throws InterruptedException {
        if (speed.isMax()) return;
        if (!started) {
            started = true;
            firstEventUs = eventTsUs;
            startNanos = System.nanoTime();
            return;
        }
        long dueNanos = startNanos + (long) ((eventTsUs - firstEventUs) * 1_000.0 / speed.factor());
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) throw new InterruptedException("replay pacing interrupted");
        }
    }

    public ReplaySpeed speed() {
        return speed;
    }
}
