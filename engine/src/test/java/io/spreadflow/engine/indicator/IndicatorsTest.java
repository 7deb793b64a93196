package io.spreadflow.engine.indicator;

import io.spreadflow.engine.strategy.IndicatorSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IndicatorsTest {

    @Test
    void ewmaMatchesTheRecursiveDefinition() {
        double alpha = 0.2;
        Ewma e = new Ewma(alpha);
        double[] xs = {1, 3, 2, 5, 4};
        double mean = xs[0];
        double var = 0;
        e.add(xs[0]);
        for (int i = 1; i < xs.length; i++) {
            e.add(xs[i]);
            double d = xs[i] - mean;
            mean = mean + alpha * d;
            var = (1 - alpha) * (var + alpha * d * d);
            assertThat(e.mean()).isCloseTo(mean, within(1e-15));
            assertThat(e.variance()).isCloseTo(var, within(1e-15));
        }
        assertThat(Ewma.alphaOfSpan(9)).isEqualTo(0.2);
    }

    @Test
    void rollingMinMaxAndDiffFollowTheWindow() {
        Random rnd = new Random(3);
        int w = 5;
        RollingExtreme min = new RollingExtreme(w, false);
        RollingExtreme max = new RollingExtreme(w, true);
        Lag diff = new Lag(w);
        double[] xs = new double[500];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rnd.nextInt(20);
            min.add(xs[i]);
            max.add(xs[i]);
            diff.add(xs[i]);
            if (i < w - 1) {
                assertThat(min.value()).isNaN();
                continue;
            }
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int k = i - w + 1; k <= i; k++) {
                lo = Math.min(lo, xs[k]);
                hi = Math.max(hi, xs[k]);
            }
            assertThat(min.value()).isEqualTo(lo);
            assertThat(max.value()).isEqualTo(hi);
            if (i >= w) assertThat(diff.diff()).isEqualTo(xs[i] - xs[i - w]);
        }
    }

    @Test
    void indicatorSetReadsByNameAndRefusesDuplicates() {
        IndicatorSet set = new IndicatorSet(List.of(
                IndicatorSpec.rollingStd("vol", IndicatorSpec.Series.COMBINED_SPREAD, 2),
                IndicatorSpec.rollingMean("exit_mean", IndicatorSpec.Series.COMBINED_EXIT_SPREAD, 2)));
        set.update(1, 10, 0);
        assertThat(set.value("vol")).isNaN();
        set.update(3, 20, 0);
        assertThat(set.value("vol")).isEqualTo(Math.sqrt(2));
        assertThat(set.value("exit_mean")).isEqualTo(15);
        assertThatThrownBy(() -> set.value("nope")).hasMessageContaining("nope");
        assertThatThrownBy(() -> new IndicatorSet(List.of(
                IndicatorSpec.rollingStd("x", IndicatorSpec.Series.COMBINED_SPREAD, 2),
                IndicatorSpec.rollingMean("x", IndicatorSpec.Series.COMBINED_SPREAD, 2)))).hasMessageContaining("twice");
    }
}
