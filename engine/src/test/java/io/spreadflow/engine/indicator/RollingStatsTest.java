package io.spreadflow.engine.indicator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RollingStatsTest {

    /** Two-pass sample std of xs[from, to). */
    private static double twoPassStd(double[] xs, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += xs[i];
        double m = s / (to - from);
        double q = 0;
        for (int i = from; i < to; i++) q += (xs[i] - m) * (xs[i] - m);
        return Math.sqrt(q / (to - from - 1));
    }

    @Test
    void matchesTwoPassOnEveryWindowOfAMillionValuesWithALargeOffset() {
        Random rnd = new Random(42);
        int n = 1_000_000;
        int w = 20;
        double[] xs = new double[n];
        // a large offset and a small spread is where the naive sum-of-squares form loses every digit
        for (int i = 0; i < n; i++) xs[i] = 1e6 + rnd.nextGaussian() * (i % 1000 < 500 ? 1e-3 : 10);
        RollingStats r = new RollingStats(w);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            r.add(xs[i]);
            if (i < w - 1) {
                assertThat(r.std()).isNaN();
                continue;
            }
            double exact = twoPassStd(xs, i - w + 1, i + 1);
            worst = Math.max(worst, Math.abs(r.std() - exact) / exact);
        }
        assertThat(worst).isLessThan(1e-9);
    }

    @Test
    void matchesTwoPassToRoundingOnSpreadLikeValues() {
        Random rnd = new Random(7);
        int n = 200_000;
        int w = 20;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = -0.2 + rnd.nextGaussian() * 0.3 + (i % 5000 == 0 ? -8 : 0);
        RollingStats r = new RollingStats(w);
        for (int i = 0; i < n; i++) {
            r.add(xs[i]);
            if (i >= w - 1) {
                assertThat(r.std()).isCloseTo(twoPassStd(xs, i - w + 1, i + 1), within(1e-12));
                double s = 0;
                for (int k = i - w + 1; k <= i; k++) s += xs[k];
                assertThat(r.mean()).isCloseTo(s / w, within(1e-12));
            }
        }
    }

    @Test
    void zScoreOfTheLastValue() {
        RollingStats r = new RollingStats(3);
        r.add(1);
        r.add(2);
        r.add(3);
        assertThat(r.mean()).isEqualTo(2);
        assertThat(r.std()).isEqualTo(1);
        assertThat(r.zScore()).isEqualTo(1);
        RollingStats flat = new RollingStats(2);
        flat.add(5);
        flat.add(5);
        assertThat(flat.std()).isZero();
        assertThat(flat.zScore()).isNaN();
    }
}
