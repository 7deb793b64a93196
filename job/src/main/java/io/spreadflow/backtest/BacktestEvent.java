package io.spreadflow.backtest;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.report.SpreadSeries;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

/**
 * One thing a backtest's engine produced, for the parameter set {@code paramSet}: exactly one of the
 * payload fields is set, or the key summary at end of input. The outputs of a backtest are few compared to its ticks, so one stream of
 * these carries them all to the client.
 */
public class BacktestEvent implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Java serialization: the payloads are engine records and Avro records, and there are few events. */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<BacktestEvent> TYPE =
            new io.spreadflow.job.serde.JavaSerializedType<>(BacktestEvent.class);

    public int paramSet;
    public Signal signal;
    public OrderIntent intent;
    public ExecutionReport execution;
    public Trade trade;
    public DeadLetter rejected;
    public SpreadSeries spread;
    /** Set on the one end-of-input event of a key: ticks processed, first and last event time. */
    public long keyTicks;
    public long keyFirstTsUs;
    public long keyLastTsUs;
    public String keyInstrument;

    public BacktestEvent() {}

    static BacktestEvent of(int paramSet) {
        BacktestEvent e = new BacktestEvent();
        e.paramSet = paramSet;
        return e;
    }
}
