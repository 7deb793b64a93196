package io.spreadflow.backtest;

import io.spreadflow.job.EngineEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a backtest's events to the {@link BacktestResults} of the JVM that runs it. A backtest always
 * runs on the local MiniCluster of the command that started it, so its sink subtasks chain to the
 * engine and pass each event by reference: nothing is serialized, nothing goes through Flink's collect
 * protocol (whose client polls and warns on shutdown).
 */
final class LocalResults implements Sink<EngineEvent> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, BacktestResults> RUNS = new ConcurrentHashMap<>();

    private final String run;

    private LocalResults(String run) {
        this.run = run;
    }

    /** A sink into {@code results} until {@link #close} is called. */
    static LocalResults into(BacktestResults results) {
        String id = UUID.randomUUID().toString();
        RUNS.put(id, results);
        return new LocalResults(id);
    }

    /** Forgets the run's results holder (they stay with the caller). */
    void close() {
        RUNS.remove(run);
    }

    @Override
    public SinkWriter<EngineEvent> createWriter(WriterInitContext context) {
        BacktestResults results = RUNS.get(run);
        if (results == null) {
            throw new IllegalStateException("backtest results are collected in the JVM that started the backtest; "
                    + "this task runs elsewhere (a backtest runs on its command's local cluster)");
        }
        return new SinkWriter<>() {
            @Override
            public void write(EngineEvent e, Context ctx) {
                results.add(e);
            }

            @Override
            public void flush(boolean endOfInput) { }

            @Override
            public void close() { }
        };
    }
}
