package io.spreadflow.job.sink;

import org.apache.flink.connector.base.sink.writer.Batch;
import org.apache.flink.connector.base.sink.writer.BatchCreator;
import org.apache.flink.connector.base.sink.writer.RequestBuffer;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of everything waiting, oldest first, up to {@code maxBatchSize} entries and {@code maxBatchBytes}
 * (one entry at least, whatever its size), whatever size the rate-limiting strategy asked for: with
 * {@link SendWhenIdle} that is one while the sink is idle, and the intents that queued behind the last
 * request must still go together.
 */
final class WholeBufferBatches<T extends Serializable> implements BatchCreator<T> {

    private final int maxBatchSize;
    private final long maxBatchBytes;

    WholeBufferBatches(int maxBatchSize, long maxBatchBytes) {
        this.maxBatchSize = maxBatchSize;
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public Batch<T> createNextBatch(RequestInfo request, RequestBuffer<T> buffer) {
        List<T> entries = new ArrayList<>(Math.min(maxBatchSize, buffer.size()));
        long bytes = 0;
        while (entries.size() < maxBatchSize && !buffer.isEmpty()) {
            long size = buffer.peek().getSize();
            if (!entries.isEmpty() && bytes + size > maxBatchBytes) break;
            RequestEntryWrapper<T> e = buffer.poll();
            entries.add(e.getRequestEntry());
            bytes += size;
        }
        return new Batch<>(entries, bytes);
    }
}
