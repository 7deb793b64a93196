package io.spreadflow.connectors.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The fate of a feed's ticks: counts a tick only once the publisher confirms it, and turns publish
 * failures into metrics and status records: PUBLISH_FAILED when they begin (best effort: Kafka is
 * likely down), and PUBLISH_RESUMED with the count and the duration of the outage once ticks get
 * through again. Told from the feed's network thread and the producer's I/O thread alike.
 */
final class TickDelivery implements FeedPublisher.Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(TickDelivery.class);

    private final Venue venue;
    private final FeedMetrics metrics;
    private final LongSupplier clockUs;
    private final BiConsumer<FeedStatus.State, String> status;
    // guarded by this
    private long lostInOutage;

    /** @param status publishes a status record, off the calling thread */
    TickDelivery(Venue venue, FeedMetrics metrics, LongSupplier clockUs, BiConsumer<FeedStatus.State, String> status) {
        this.venue = venue;
        this.metrics = metrics;
        this.clockUs = clockUs;
        this.status = status;
    }

    @Override
    public void sent() {
        metrics.ticks.incrementAndGet();
        if (metrics.publishFailingSinceMs == 0) return; // the common case, without a lock
        synchronized (this) {
            long since = metrics.publishFailingSinceMs;
            if (since == 0) return;
            metrics.publishFailingSinceMs = 0;
            long lost = lostInOutage;
            lostInOutage = 0;
            long ms = clockUs.getAsLong() / 1000 - since;
            LOG.warn("{}: publishing resumed after {} ms; {} ticks were not published", venue, ms, lost);
            status.accept(FeedStatus.State.PUBLISH_RESUMED, lost + " ticks not published during " + ms + " ms since "
                    + Instant.ofEpochMilli(since) + ": " + metrics.lastPublishError);
        }
    }

    @Override
    public synchronized void failed(Exception cause) {
        metrics.publishFailures.incrementAndGet();
        lostInOutage++;
        metrics.lastPublishError = cause.toString();
        if (metrics.publishFailingSinceMs == 0) {
            metrics.publishFailingSinceMs = clockUs.getAsLong() / 1000;
            LOG.error("{}: ticks cannot be published: {}", venue, cause.toString());
            status.accept(FeedStatus.State.PUBLISH_FAILED, cause.toString());
        }
    }
}
