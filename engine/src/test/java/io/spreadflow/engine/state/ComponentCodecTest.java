package io.spreadflow.engine.state;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.accounting.LedgerStateCodec;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.indicator.IndicatorStateCodec;
import io.spreadflow.engine.market.BarAggregator;
import io.spreadflow.engine.market.MarketStateCodec;
import io.spreadflow.engine.market.QuoteBoard;
import io.spreadflow.engine.strategy.IndicatorSpec;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Each component of the engine state through its stored form, with non-trivial content. */
class ComponentCodecTest {

    interface Write<T> {
        void to(DataOutput out, T value) throws IOException;
    }

    interface Read<T> {
        T from(DataInput in) throws IOException;
    }

    static <T> byte[] bytes(Write<T> w, T value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        w.to(out, value);
        out.flush();
        return b.toByteArray();
    }

    static <T> T read(Read<T> r, byte[] b) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        T t = r.from(in);
        assertThat(in.available()).as("every stored byte is read").isZero();
        return t;
    }

    @Test
    void fullIndicatorWindowsOfEveryKindContinueBitForBit() throws IOException {
        IndicatorSpec.Series s = IndicatorSpec.Series.COMBINED_SPREAD;
        List<IndicatorSpec> specs = List.of(IndicatorSpec.rollingMean("mean", s, 7), IndicatorSpec.rollingStd("std", s, 7),
                IndicatorSpec.zScore("z", IndicatorSpec.Series.SPOT_A_SPREAD, 5), IndicatorSpec.ewmaMean("em", s, 0.2),
                IndicatorSpec.ewmaStd("es", IndicatorSpec.Series.COMBINED_EXIT_SPREAD, 0.1),
                new IndicatorSpec("diff", IndicatorSpec.Kind.DIFF, s, 3, Double.NaN),
                new IndicatorSpec("min", IndicatorSpec.Kind.ROLLING_MIN, s, 4, Double.NaN),
                new IndicatorSpec("max", IndicatorSpec.Kind.ROLLING_MAX, s, 4, Double.NaN));
        IndicatorSet original = new IndicatorSet(specs);
        Random r = new Random(7);
        for (int i = 0; i < 23; i++) original.update(r.nextGaussian(), r.nextGaussian(), r.nextGaussian());
        for (int i = 0; i < original.size(); i++) assertThat(original.value(i)).as(original.name(i) + " is full").isFinite();

        byte[] b = bytes(IndicatorStateCodec::write, original);
        IndicatorSet restored = read(in -> IndicatorStateCodec.read(in, EngineStateCodec.CURRENT), b);
        assertThat(bytes(IndicatorStateCodec::write, restored)).isEqualTo(b);
        for (int step = 0; step < 40; step++) {
            double x = r.nextGaussian() * 1e3, y = r.nextGaussian(), z = r.nextGaussian();
            original.update(x, y, z);
            restored.update(x, y, z);
            for (int i = 0; i < original.size(); i++) {
                assertThat(Double.doubleToRawLongBits(restored.value(i))).as(original.name(i) + " at step " + step)
                        .isEqualTo(Double.doubleToRawLongBits(original.value(i)));
            }
        }
    }

    @Test
    void aBoardWithSomeVenuesAndAPartialBarRestoreWithTheirQuotesAndTimes() throws IOException {
        QuoteBoard board = new QuoteBoard(List.of("a", "b", "c"), 60_000_000L, 5_000_000L);
        board.offer("a", 1.0, 2.0, 1.1, 3.0, 1_000);
        board.offer("c", 5.0, 6.0, 5.5, 7.0, 2_000);
        QuoteBoard b = read(in -> MarketStateCodec.readBoard(in, EngineStateCodec.CURRENT), bytes(MarketStateCodec::writeBoard, board));
        assertThat(b.venueCount()).isEqualTo(3);
        assertThat(b.quote(0)).isEqualTo(board.quote(0));
        assertThat(b.has(1)).isFalse();
        assertThat(b.quote(2)).isEqualTo(board.quote(2));
        assertThat(b.streamTimeUs()).isEqualTo(2_000);
        assertThat(b.allLive(3_000)).isFalse();
        // stale-after and skew came along: a quote 5 s old is still live, one later than the skew is refused
        b.offer("b", 1.0, 1.0, 1.2, 1.0, 3_000);
        assertThat(b.allLive(5_000_000L)).isTrue();
        assertThat(b.offer("a", 1.0, 1.0, 1.2, 1.0, 70_000_000L)).isNotNull();

        BarAggregator bars = new BarAggregator(2, 1_000_000L);
        bars.add(0, 1.0, 1.0, 1.1, 1.0, 1_500_000L);
        BarAggregator r = read(in -> MarketStateCodec.readBars(in, EngineStateCodec.CURRENT), bytes(MarketStateCodec::writeBars, bars));
        assertThat(r.isOpen()).isTrue();
        assertThat(r.isComplete()).isFalse();
        assertThat(r.barStartUs()).isEqualTo(1_000_000L);
        assertThat(r.bid(0)).isEqualTo(1.0);
        r.add(1, 2.0, 1.0, 2.1, 1.0, 1_900_000L);
        assertThat(r.isComplete()).isTrue();
        assertThat(r.closesOpenBar(2_000_000L)).isTrue();
        BarAggregator none = read(in -> MarketStateCodec.readBars(in, EngineStateCodec.CURRENT), bytes(MarketStateCodec::writeBars, (BarAggregator) null));
        assertThat((Object) none).isNull();
    }

    @Test
    void aLedgerKeepsItsExactDecimalsAndVenueOrder() throws IOException {
        Ledger l = new Ledger(Map.of("b", new BigDecimal("1000.00")));
        l.book("a", Side.BUY, new BigDecimal("0.1"), new BigDecimal("10.000000000000000001"), new BigDecimal("0.01"));
        l.fund("b", new BigDecimal("-0.0003"));
        Ledger r = read(in -> LedgerStateCodec.read(in, EngineStateCodec.CURRENT), bytes(LedgerStateCodec::write, l));
        assertThat(r.baseView()).isEqualTo(l.baseView());
        assertThat(r.quote("a")).isEqualTo(l.quote("a"));
        assertThat(r.quote("b")).isEqualTo(new BigDecimal("999.9997"));
        assertThat(r.fees()).isEqualTo(l.fees());
        assertThat(r.funding()).isEqualTo(l.funding());
    }

    @Test
    void aTradeKeepsItsColumnsInOrderWithTheirTypes() throws IOException {
        LinkedHashMap<String, Object> columns = new LinkedHashMap<>();
        columns.put("entry_time", 17L);
        columns.put("pnl_pct", -0.25);
        columns.put("regime", "extreme");
        columns.put("stacked", 2);
        columns.put("hedged", true);
        columns.put("note", null);
        Trade t = new Trade("X-USDT", "svh", 1, 2, columns, new BigDecimal("-1.50"), new BigDecimal("0.10"),
                new BigDecimal("100"), new BigDecimal("0.0001"));
        Trade r = read(in -> TradeCodec.read(in, EngineStateCodec.CURRENT), bytes(TradeCodec::write, t));
        assertThat(r).isEqualTo(t);
        assertThat(r.columnsView().keySet()).containsExactlyElementsOf(columns.keySet());
        assertThat(r.columnsView().get("stacked")).isInstanceOf(Integer.class);
    }
}
