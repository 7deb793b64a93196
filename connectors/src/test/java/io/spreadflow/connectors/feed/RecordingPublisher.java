package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps what a feed publishes, and lets a test wait for it with a deadline. */
final class RecordingPublisher implements FeedPublisher {

    private final List<BookTicker> ticks = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<FeedStatus> statuses = new ArrayList<>();

    @Override
    public synchronized void tick(BookTicker tick) {
        ticks.add(tick);
        notifyAll();
    }

    /** Confirms the tick before a waiting test can see it, so the feed's tick count is current by then. */
    @Override
    public synchronized void tick(BookTicker tick, Delivery delivery) {
        delivery.sent();
        tick(tick);
    }

    @Override
    public synchronized void deadLetter(DeadLetter letter) {
        deadLetters.add(letter);
        notifyAll();
    }

    @Override
    public synchronized void status(FeedStatus status) {
        statuses.add(status);
        notifyAll();
    }

    synchronized List<BookTicker> ticks() {
        return List.copyOf(ticks);
    }

    synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    synchronized List<FeedStatus> statuses() {
        return List.copyOf(statuses);
    }

    List<BookTicker> awaitTicks(int n) throws InterruptedException {
        await(() -> ticks.size() >= n, n + " ticks, have " + ticks.size());
        return ticks();
    }

    List<DeadLetter> awaitDeadLetters(int n) throws InterruptedException {
        await(() -> deadLetters.size() >= n, n + " dead letters");
        return deadLetters();
    }

    FeedStatus awaitStatus(Predicate<FeedStatus> p, String what) throws InterruptedException {
        await(() -> statuses.stream().anyMatch(p), what);
        return statuses().stream().filter(p).findFirst().orElseThrow();
    }

    private synchronized void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + VenueServer.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("not seen within " + VenueServer.TIMEOUT + ": " + what);
            wait(Duration.ofNanos(left).toMillis() + 1);
        }
    }
}
