package io.spreadflow.engine.golden;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigBuilder;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.engine.state.EngineStateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real LUNC recording with realistic execution (fill latency, displayed size, fees): replays are
 * identical, a state restored from its stored form mid-position continues identically, and the
 * booked P&L of every trade equals the cash flow of its fills.
 */
class GoldenReplayDeterminismTest {

    private static GoldenCase svh() {
        return GoldenCase.all().stream().filter(c -> c.config().strategyId().equals("svh")).findFirst().orElseThrow();
    }

    private static StrategyConfig realistic(StrategyConfig c) {
        StrategyConfigBuilder b = c.toBuilder()
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withFillLatency(Duration.ofMillis(250)));
        for (String v : c.venues().all()) b.fee(v, StrategyConfig.VenueFees.of("0.0002", "0.0005"));
        return b.build();
    }

    @Test
    void replayIsDeterministicAndRestoresFromSerializedStateMidPosition() throws Exception {
        GoldenCase gc = svh();
        StrategyConfig c = realistic(gc.config());
        List<BookTicker> ticks = gc.ticks();
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(c, StrategyRegistry.load().get("svh"));
        String instrument = ticks.get(0).getInstrument();

        EngineState a = engine.newState(instrument);
        RecordingOutput outA = new RecordingOutput();
        EngineState snapshotSource = engine.newState(instrument);
        RecordingOutput outB = new RecordingOutput();
        byte[] snapshot = null;
        int cut = -1;
        for (int i = 0; i < ticks.size(); i++) {
            engine.onTick(a, ticks.get(i), outA);
            if (snapshot == null) {
                engine.onTick(snapshotSource, ticks.get(i), outB);
                if (snapshotSource.positions().openCount() > 1) {
                    snapshot = serialize(snapshotSource);
                    cut = i;
                }
            }
        }
        engine.onEndOfInput(a, outA);
        assertThat(snapshot).as("the case opens positions").isNotNull();

        EngineState restored = deserialize(snapshot);
        for (int i = cut + 1; i < ticks.size(); i++) engine.onTick(restored, ticks.get(i), outB);
        engine.onEndOfInput(restored, outB);
        assertThat(outB.log).containsExactlyElementsOf(outA.log);

        EngineState again = engine.newState(instrument);
        RecordingOutput outC = new RecordingOutput();
        for (BookTicker t : ticks) engine.onTick(again, t, outC);
        engine.onEndOfInput(again, outC);
        assertThat(outC.log).containsExactlyElementsOf(outA.log);

        assertThat(outA.trades).isNotEmpty();
        BigDecimal booked = outA.trades.stream().map(Trade::pnlQuote).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal fees = BigDecimal.ZERO;
        BigDecimal cash = BigDecimal.ZERO;
        for (ExecutionReport r : outA.executions) {
            if (r.getAvgPrice() == null || r.getStatus() == io.spreadflow.schemas.ExecutionStatus.CANCELED) continue;
            BigDecimal n = BigDecimal.valueOf(r.getFilledQty()).multiply(BigDecimal.valueOf(r.getAvgPrice()));
            cash = r.getSide() == io.spreadflow.schemas.Side.SELL ? cash.add(n) : cash.subtract(n);
            fees = fees.add(BigDecimal.valueOf(r.getFee()));
        }
        // every position the strategy opened was closed by the end of the recording
        assertThat(a.positions().isFlat()).isTrue();
        assertThat(a.positions().realizedPnl()).isEqualByComparingTo(cash.subtract(fees));
        // every closed position is one trade, unwound ones included: the trades book all of it
        assertThat(booked).isEqualByComparingTo(cash.subtract(fees));
        assertThat(a.ledger().fees()).isEqualByComparingTo(fees);
    }

    private static byte[] serialize(EngineState s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new EngineStateCodec().write(out, s);
        }
        return bytes.toByteArray();
    }

    private static EngineState deserialize(byte[] b) throws Exception {
        return new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(b)));
    }
}
