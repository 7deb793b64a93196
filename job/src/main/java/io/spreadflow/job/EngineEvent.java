package io.spreadflow.job;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.report.SpreadSeries;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

/**
 * One thing the workflow produced, for the parameter set {@code paramSet} (0 outside sweeps): exactly
 * one of the payload fields is set, or, at the end of a bounded input, the key summary that a backtest
 * report needs (ticks processed, first and last event time, the sampled spread). The engine operator's
 * one output; {@link JobSinks} routes each kind to its topic, a backtest collects them all.
 */
public class EngineEvent implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** On the wire with {@link EngineEventSerializer}: a versioned, explicit format. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<EngineEvent> TYPE =
            new io.spreadflow.job.serde.VersionedType<>(EngineEvent.class, EngineEventSerializer::new);

    public int paramSet;
    public Signal signal;
    public OrderIntent intent;
    public ExecutionReport execution;
    public Trade trade;
    public DeadLetter deadLetter;
    public SpreadSeries spread;
    /** Set on the one end-of-input event of a key: ticks processed, first and last event time. */
    public long keyTicks;
    public long keyFirstTsUs;
    public long keyLastTsUs;
    public String keyInstrument;

    public EngineEvent() {}

    public static EngineEvent of(int paramSet) {
        EngineEvent e = new EngineEvent();
        e.paramSet = paramSet;
        return e;
    }

    public static EngineEvent deadLetter(DeadLetter d) {
        EngineEvent e = new EngineEvent();
        e.deadLetter = d;
        return e;
    }

    /** Whether this is the end-of-input summary of a key. */
    public boolean isKeySummary() {
        return keyInstrument != null;
    }
}
