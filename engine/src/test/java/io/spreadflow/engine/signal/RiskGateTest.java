package io.spreadflow.engine.signal;

import io.spreadflow.engine.config.StrategyConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class RiskGateTest {

    private static RiskGate gate(String maxNotional, int maxOpen, String maxLoss, Duration cooldown) {
        return new RiskGate(new StrategyConfig.RiskLimits(new BigDecimal(maxNotional), maxOpen, new BigDecimal(maxLoss), cooldown));
    }

    @Test
    void noLimitsRefuseNothing() {
        PositionBook b = new PositionBook();
        for (int i = 1; i <= 5; i++) position(b, i, 1);
        b.lastEntryRowTsUs = T0;
        b.realizedPnl = new BigDecimal("-1e9");
        RiskGate g = gate("0", 0, "0", Duration.ZERO);
        assertThat(g.refuseEntry(b, 1e12, T0)).isNull();
        assertThat(g.lossLimitReached(b)).isFalse();
    }

    @Test
    void aHaltedBookRefusesFirst() {
        PositionBook b = new PositionBook();
        b.halted = true;
        assertThat(gate("0", 0, "0", Duration.ZERO).refuseEntry(b, 1, T0)).isEqualTo(RiskGate.HALTED);
    }

    @Test
    void theCooldownCountsFromTheLastEntryRow() {
        PositionBook b = new PositionBook();
        RiskGate g = gate("0", 0, "0", Duration.ofSeconds(10));
        assertThat(g.refuseEntry(b, 1, T0)).as("no entry yet").isNull();
        b.lastEntryRowTsUs = T0;
        assertThat(g.refuseEntry(b, 1, T0 + 9_999_999)).isEqualTo(RiskGate.COOLDOWN);
        assertThat(g.refuseEntry(b, 1, T0 + 10_000_000)).isNull();
    }

    @Test
    void openPositionsAndOpenNotionalAreCapped() {
        PositionBook b = new PositionBook();
        position(b, 1, 1);
        position(b, 2, 1);
        assertThat(gate("0", 2, "0", Duration.ZERO).refuseEntry(b, 1, T0)).isEqualTo(RiskGate.MAX_OPEN_POSITIONS);
        assertThat(gate("0", 3, "0", Duration.ZERO).refuseEntry(b, 1, T0)).isNull();
        // two positions of 1000 open: 1000 more reaches 3000
        assertThat(gate("3000", 0, "0", Duration.ZERO).refuseEntry(b, 1000, T0)).isNull();
        assertThat(gate("3000", 0, "0", Duration.ZERO).refuseEntry(b, 1000.01, T0)).isEqualTo(RiskGate.MAX_NOTIONAL);
    }

    @Test
    void theLossLimitIsReachedAtItsValueOnce() {
        PositionBook b = new PositionBook();
        RiskGate g = gate("0", 0, "50", Duration.ZERO);
        b.realizedPnl = new BigDecimal("-49.99");
        assertThat(g.lossLimitReached(b)).isFalse();
        b.realizedPnl = new BigDecimal("-50");
        assertThat(g.lossLimitReached(b)).isTrue();
        b.halted = true;
        assertThat(g.lossLimitReached(b)).as("already halted").isFalse();
    }
}
