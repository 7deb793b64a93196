package io.spreadflow.job.sink;

import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;
import org.apache.flink.connector.base.sink.writer.strategy.ResultInfo;

/**
 * When the order-intent sink sends: at once while no request is out, in batches while one is. Flink's async
 * sink sends a batch when it is full or when its oldest entry has waited {@code maxTimeInBufferMs}; an intent
 * decided on a quiet market would wait that time (and the timer's turn in the task's mailbox) although
 * nothing is being sent. Here the batch is "full" with one intent while the sink is idle, so it goes out
 * with the record that made it; intents that come while a request is out wait for its answer and then go
 * together ({@link WholeBufferBatches} takes everything waiting, up to the batch limits), so a burst still
 * travels in few requests and in order. The flush timer stays as the backstop.
 *
 * <p>Used on the sink's task thread only (Flink calls it from the mailbox).
 */
final class SendWhenIdle implements RateLimitingStrategy {

    private final int maxInFlight;
    private final int maxBatchSize;
    private int inFlight;

    SendWhenIdle(int maxInFlight, int maxBatchSize) {
        if (maxInFlight < 1 || maxBatchSize < 1) throw new IllegalArgumentException("need max-in-flight ≥ 1 and max-batch-size ≥ 1");
        this.maxInFlight = maxInFlight;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public void registerInFlightRequest(RequestInfo request) {
        inFlight++;
    }

    @Override
    public void registerCompletedRequest(ResultInfo result) {
        inFlight = Math.max(0, inFlight - 1);
    }

    @Override
    public boolean shouldBlock(RequestInfo request) {
        return inFlight >= maxInFlight;
    }

    /** The buffer size at which the writer sends: one intent while nothing is out, a full batch otherwise. */
    @Override
    public int getMaxBatchSize() {
        return inFlight == 0 ? 1 : maxBatchSize;
    }

    /** Requests out now (tests). */
    int inFlight() {
        return inFlight;
    }
}
