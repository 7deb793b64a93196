package io.spreadflow.engine.market;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bar contract of golden/README.md, rule by rule. */
class BarAggregatorTest {

    private static final long S = 1_000_000L;
    private static final long B0 = 1_760_000_000L * S;

    /** Feeds ticks as the engine does: a tick of a later bucket first closes the open bar. */
    private static List<double[]> run(BarAggregator bars, long[][] ticks) {
        List<double[]> rows = new ArrayList<>();
        for (long[] t : ticks) {
            long ts = t[1];
            if (bars.closesOpenBar(ts) && bars.isComplete()) rows.add(row(bars));
            bars.add((int) t[0], t[2], 1, t[2] + 1, 1, ts);
        }
        if (bars.isComplete()) rows.add(row(bars));
        return rows;
    }

    private static double[] row(BarAggregator b) {
        return new double[] {b.barStartUs(), b.bid(0), b.bid(1)};
    }

    @Test
    void lastQuoteInTheBucketWinsAndTheRowTimeIsTheBucketStart() {
        BarAggregator bars = new BarAggregator(2, 5 * S);
        List<double[]> rows = run(bars, new long[][] {
                {0, B0 + 1, 10}, {1, B0 + 2, 20}, {0, B0 + 4 * S, 11}, {1, B0 + 5 * S - 1, 21},
                {0, B0 + 5 * S, 12}, {1, B0 + 6 * S, 22}});
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(B0, 11, 21);
        assertThat(rows.get(1)).containsExactly(B0 + 5 * S, 12, 22);
    }

    @Test
    void aTimestampTieGoesToTheLaterTick() {
        BarAggregator bars = new BarAggregator(2, S);
        List<double[]> rows = run(bars, new long[][] {{0, B0 + 7, 10}, {1, B0 + 7, 20}, {0, B0 + 7, 11}});
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsExactly(B0, 11, 20));
    }

    @Test
    void aBucketMissingAVenueMakesNoRowAndNothingIsCarriedForward() {
        BarAggregator bars = new BarAggregator(2, S);
        List<double[]> rows = run(bars, new long[][] {
                {0, B0, 10}, {1, B0 + 1, 20},
                {0, B0 + S, 11},
                {1, B0 + 2 * S, 22}, {0, B0 + 2 * S + 3, 12}});
        assertThat(rows).extracting(r -> (long) r[0]).containsExactly(B0, B0 + 2 * S);
    }

    @Test
    void bucketsAreFloorDivisionsAlsoBeforeTheEpoch() {
        BarAggregator bars = new BarAggregator(1, 5 * S);
        assertThat(bars.bucketOf(-1)).isEqualTo(-1);
        assertThat(bars.bucketOf(5 * S - 1)).isZero();
        assertThat(bars.bucketOf(5 * S)).isEqualTo(1);
    }

    @Test
    void aTickOfAnEarlierBucketIsLate() {
        BarAggregator bars = new BarAggregator(1, S);
        bars.add(0, 1, 1, 2, 1, B0 + 2 * S);
        assertThat(bars.isLate(B0 + S)).isTrue();
        assertThat(bars.isLate(B0 + 2 * S)).isFalse();
        assertThat(bars.closesOpenBar(B0 + 3 * S)).isTrue();
    }
}
