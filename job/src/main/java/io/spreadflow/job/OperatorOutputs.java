package io.spreadflow.job;

import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import java.nio.ByteBuffer;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes the engine's calls to an operator's outputs: signals to the main output, everything else to
 * the side outputs of {@link EngineFunction}. The one- and two-input engine operators differ only in
 * the context that owns the side outputs, which a subclass binds for every element.
 */
abstract class OperatorOutputs implements EngineOutput {

    private final String ticksSource;
    private final AvroBinaryCodec<BookTicker> tickCodec = AvroBinaryCodec.of(BookTicker.class);
    private Collector<Signal> signals;

    OperatorOutputs(String ticksSource) {
        this.ticksSource = ticksSource;
    }

    /** Emits to a side output of the element being processed. */
    abstract <X> void side(OutputTag<X> tag, X value);

    void bindSignals(Collector<Signal> signals) {
        this.signals = signals;
    }

    @Override public void signal(Signal signal) { signals.collect(signal); }
    @Override public void intent(OrderIntent intent) { side(EngineFunction.INTENTS, intent); }
    @Override public void execution(ExecutionReport report) { side(EngineFunction.EXECUTIONS, report); }
    @Override public void trade(Trade trade) { side(EngineFunction.TRADES, trade); }

    @Override
    public void rejected(BookTicker tick, String reason) {
        side(EngineFunction.REJECTED, DeadLetter.newBuilder()
                .setSource(ticksSource)
                .setPartition(null)
                .setOffset(null)
                .setRaw(ByteBuffer.wrap(tickCodec.encode(tick)))
                .setRawText(tick.toString())
                .setReason(reason)
                .setEventTsUs(tick.getReceiveTsUs())
                .build());
    }
}
