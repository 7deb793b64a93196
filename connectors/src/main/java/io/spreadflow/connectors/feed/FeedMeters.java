package io.spreadflow.connectors.feed;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * A feed adapter's {@link FeedMetrics} and status as Micrometer meters tagged with the venue, so one registry (and
 * one {@code /metrics}) serves every venue of a {@code feed} process. The meters read the adapter's own counters:
 * nothing is counted twice.
 */
public final class FeedMeters {

    private FeedMeters() {
    }

    public static void bind(FeedAdapter feed, MeterRegistry registry) {
        Tags venue = Tags.of("venue", feed.venue().id());
        FeedMetrics m = feed.metrics();
        counter(registry, venue, "spreadflow_feed_frames", "WebSocket frames received", m, FeedMetrics::frames);
        counter(registry, venue, "spreadflow_feed_ticks_published", "ticks acknowledged by Kafka", m, FeedMetrics::ticks);
        counter(registry, venue, "spreadflow_feed_publish_failures", "accepted ticks that could not be published", m, FeedMetrics::publishFailures);
        counter(registry, venue, "spreadflow_feed_dead_letters", "frames or quotes sent to ticks.dlq", m, FeedMetrics::deadLetters);
        counter(registry, venue, "spreadflow_feed_connects", "successful connections, the first included", m, FeedMetrics::connects);
        // every connection after the first is a reconnect
        counter(registry, venue, "spreadflow_feed_reconnects", "connections after the first", m, x -> Math.max(0, x.connects() - 1));
        counter(registry, venue, "spreadflow_feed_disconnects", "connections lost", m, FeedMetrics::disconnects);
        counter(registry, venue, "spreadflow_feed_heartbeats_sent", "venue heartbeats sent", m, FeedMetrics::heartbeatsSent);
        counter(registry, venue, "spreadflow_feed_stale_events", "times an instrument went stale", m, FeedMetrics::staleEvents);
        counter(registry, venue, "spreadflow_feed_gaps", "update-id gaps", m, FeedMetrics::gaps);
        counter(registry, venue, "spreadflow_feed_regressions", "quotes whose update id was not after the previous one", m, FeedMetrics::regressions);
        gauge(registry, venue, "spreadflow_feed_connected", "1 while a connection to the venue is open", feed, f -> f.connected() ? 1 : 0);
        gauge(registry, venue, "spreadflow_feed_stale_instruments", "instruments without a recent quote", feed, FeedAdapter::staleInstruments);
        gauge(registry, venue, "spreadflow_feed_publish_failing", "1 while Kafka refuses ticks", m, x -> x.publishFailingSinceMs() > 0 ? 1 : 0);
    }

    private static <T> void counter(MeterRegistry r, Tags tags, String name, String help, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).tags(tags).description(help).register(r);
    }

    private static <T> void gauge(MeterRegistry r, Tags tags, String name, String help, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).tags(tags).description(help).strongReference(true).register(r);
    }
}
