package io.spreadflow.job.sink;

import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Sends the job's order intents to the execution service over HTTP, built on Flink's async sink:
 * bounded in-flight requests, batching, retries with backoff, and intents still buffered at a
 * checkpoint are part of it. The service acts on each intent id once, so sending an intent again
 * after a restart is harmless (DESIGN §6); a service unreachable past
 * {@link OrderIntentSinkSettings#failAfter()} fails the job so that it restarts from its checkpoint.
 *
 * <p>Use: {@code intents.sinkTo(new OrderIntentSink(settings)).uid("order-intent-sink").name("order intents → execution")}.
 */
public final class OrderIntentSink extends AsyncSinkBase<OrderIntent, IntentRequest> {

    private static final long MAX_RECORD_BYTES = 64 * 1024;

    private final OrderIntentSinkSettings settings;

    public OrderIntentSink(OrderIntentSinkSettings settings) {
        super(converter(), settings.maxBatchSize(), settings.maxInFlight(), settings.maxBuffered(), settings.maxBatchSize() * MAX_RECORD_BYTES,
                settings.maxTimeInBufferMs(), MAX_RECORD_BYTES, settings.requestTimeout().toMillis() + settings.failAfter().toMillis(), true);
        this.settings = settings;
    }

    private static ElementConverter<OrderIntent, IntentRequest> converter() {
        return (intent, context) -> {
            try {
                return new IntentRequest(intent.getIntentId(), IntentCodec.mapper().writeValueAsBytes(IntentCodec.toJson(intent)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write intent " + intent.getIntentId() + " as JSON", e);
            }
        };
    }

    @Override
    public StatefulSinkWriter<OrderIntent, BufferedRequestState<IntentRequest>> createWriter(WriterInitContext context) {
        return new OrderIntentSinkWriter(getElementConverter(), context, settings, List.of(), getMaxBatchSize(), getMaxInFlightRequests(),
                getMaxBufferedRequests(), getMaxBatchSizeInBytes(), getMaxTimeInBufferMS(), getMaxRecordSizeInBytes());
    }

    @Override
    public StatefulSinkWriter<OrderIntent, BufferedRequestState<IntentRequest>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<IntentRequest>> recovered) {
        return new OrderIntentSinkWriter(getElementConverter(), context, settings, recovered, getMaxBatchSize(), getMaxInFlightRequests(),
                getMaxBufferedRequests(), getMaxBatchSizeInBytes(), getMaxTimeInBufferMS(), getMaxRecordSizeInBytes());
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<IntentRequest>> getWriterStateSerializer() {
        return new org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer<>() {
            @Override
            protected void serializeRequestToStream(IntentRequest r, DataOutputStream out) throws IOException {
                out.writeUTF(r.intentId());
                out.writeInt(r.json().length);
                out.write(r.json());
            }

            @Override
            protected IntentRequest deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
                String id = in.readUTF();
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                return new IntentRequest(id, json);
            }

            @Override
            public int getVersion() {
                return 1;
            }
        };
    }
}
