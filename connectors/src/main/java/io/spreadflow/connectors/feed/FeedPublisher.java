package io.spreadflow.connectors.feed;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;

/**
 * Where a feed adapter puts what it reads: ticks, dead letters and status changes. Production uses
 * {@link KafkaFeedPublisher}; tests collect in memory. Called from the adapter's network thread:
 * implementations must not block for long.
 */
public interface FeedPublisher extends AutoCloseable {

    /** A tick for the {@code ticks} topic, keyed by instrument. */
    void tick(BookTicker tick);

    /** A frame that was not accepted, with the reason, for {@code ticks.dlq}. */
    void deadLetter(DeadLetter letter);

    /** A change in the feed's health. */
    void status(FeedStatus status);

    @Override
    default void close() {}
}
