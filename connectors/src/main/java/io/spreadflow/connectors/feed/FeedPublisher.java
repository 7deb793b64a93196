package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;

/**
 * Where a feed adapter puts what it reads: ticks, dead letters and status changes. Production uses
 * {@link KafkaFeedPublisher}; tests collect in memory. Called from the adapter's network thread:
 * implementations must not block for long.
 */
public interface FeedPublisher extends AutoCloseable {

    /** The fate of one tick, told once: written (acknowledged by the sink) or lost, with the cause. */
    interface Delivery {
        void sent();

        void failed(Exception cause);
    }

    /** A tick for the {@code ticks} topic, keyed by instrument. */
    void tick(BookTicker tick);

    /**
     * A tick whose fate {@code delivery} learns, maybe later and on another thread. Throws when the
     * tick cannot even be handed over (the sink is down); {@code delivery} is then not called.
     */
    default void tick(BookTicker tick, Delivery delivery) {
        tick(tick);
        delivery.sent();
    }

    /** A frame that was not accepted, with the reason, for {@code ticks.dlq}. */
    void deadLetter(DeadLetter letter);

    /** A change in the feed's health. */
    void status(FeedStatus status);

    @Override
    default void close() {}
}
