package io.spreadflow.job;

import io.spreadflow.engine.BufferBound;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.util.Collector;

/** The engine's outputs as events of the current parameter set; rebound for every element. */
final class EngineOutputs implements EngineOutput {
    private final String ticksSource;
    private final AvroBinaryCodec<BookTicker> tickCodec = AvroBinaryCodec.of(BookTicker.class);
    private final AvroBinaryCodec<ExecutionReport> reportCodec = AvroBinaryCodec.of(ExecutionReport.class);
    private final EngineMetrics metrics;
    private int paramSet;
    private Collector<EngineEvent> out;
    /** Events emitted since the last {@link #bind}. */
    int emitted;
    /** The input being processed, and its tick as handed to the engine: where a refused tick came from. */
    EngineInput input;
    BookTicker inputTick;

    EngineOutputs(String ticksSource, EngineMetrics metrics) {
        this.ticksSource = ticksSource;
        this.metrics = metrics;
    }

    void bind(int set, Collector<EngineEvent> collector) {
        this.paramSet = set;
        this.out = collector;
        this.emitted = 0;
    }

    private void emit(EngineEvent e) {
        emitted++;
        out.collect(e);
    }

    @Override
    public void signal(Signal signal) {
        EngineEvent e = EngineEvent.of(paramSet);
        e.signal = signal;
        emit(e);
    }

    @Override
    public void intent(OrderIntent intent) {
        EngineEvent e = EngineEvent.of(paramSet);
        e.intent = intent;
        metrics.intent(intent.getPurpose());
        emit(e);
    }

    @Override
    public void execution(ExecutionReport report) {
        EngineEvent e = EngineEvent.of(paramSet);
        e.execution = report;
        emit(e);
    }

    @Override
    public void trade(Trade trade) {
        EngineEvent e = EngineEvent.of(paramSet);
        e.trade = trade;
        emit(e);
    }

    @Override
    public void rejected(BookTicker tick, String reason) {
        EngineEvent e = EngineEvent.of(paramSet);
        // the tick being processed, from Kafka, is named by partition and offset; a held tick released later by the source alone
        boolean fromKafka = input != null && input.partition >= 0 && tick == inputTick;
        e.deadLetter = DeadLetters.of(ticksSource, fromKafka ? input.partition : null, fromKafka ? input.seq : null,
                tickCodec.encode(tick), tick.toString(), reason, tick.getReceiveTsUs());
        metrics.deadLetter(reason);
        out.collect(e);
    }

    /** A report the engine gave up on (past a buffer's bound): a dead letter of the executions input, its Avro bytes kept. */
    @Override
    public void rejected(ExecutionReport report, String reason) {
        EngineEvent e = EngineEvent.of(paramSet);
        e.deadLetter = DeadLetters.of(REPORTS_SOURCE, null, null, reportCodec.encode(report), report.toString(), reason,
                report.getFillEventTsUs() != null ? report.getFillEventTsUs() : report.getIntentEventTsUs());
        metrics.deadLetter(reason);
        emit(e);
    }

    @Override
    public void boundHit(BufferBound bound) {
        metrics.boundHit(bound);
    }

    /** The source named in dead letters of reports: the workflow's executions input. */
    static final String REPORTS_SOURCE = "executions";
}
