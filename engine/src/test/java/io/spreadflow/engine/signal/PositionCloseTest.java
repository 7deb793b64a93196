package io.spreadflow.engine.signal;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class PositionCloseTest {

    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();
    private final PositionBook b = new PositionBook();

    private static PositionClose closing(String maxLoss) {
        SignalRecords records = new SignalRecords("rdn");
        TradeTape tape = new TradeTape("rdn", false);
        return new PositionClose(records, new RiskGate(new StrategyConfig.RiskLimits(BigDecimal.ZERO, 0, new BigDecimal(maxLoss),
                Duration.ZERO)), tape, new ExitSettlement(records, new OrderTickets("rdn", new LegTimeouts(1)), tape));
    }

    @Test
    void closingRealizesThePnlRemembersTheLegsAndTrades() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 0);
        p.cash = new BigDecimal("-3");
        p.fees = new BigDecimal("0.5");
        closing("0").close(b, INSTRUMENT, p, T0 + 7, decided.out);
        assertThat(b.position(1)).isNull();
        assertThat(b.knows("LUNC-USDT|rdn|1")).isFalse();
        assertThat(b.settledLeg("LUNC-USDT|rdn|1", 0)).isEqualTo(10.0);
        assertThat(b.realizedPnl()).isEqualByComparingTo("-3.5");
        assertThat(b.realizedFees()).isEqualByComparingTo("0.5");
        assertThat(decided.trades()).singleElement().satisfies(t -> assertThat(t.pnlQuote()).isEqualByComparingTo("-3.5"));
        assertThat(b.halted()).isFalse();
    }

    @Test
    void aLossBeyondTheLimitHaltsTheInstrument() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 0);
        p.cash = new BigDecimal("-60");
        closing("50").close(b, INSTRUMENT, p, T0 + 7, decided.out);
        assertThat(b.halted()).isTrue();
        assertThat(b.haltReason()).isEqualTo("MAX_LOSS");
        assertThat(decided.signals()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo(SignalKind.HALT);
            assertThat(s.getIndicators()).containsEntry("realized_pnl_quote", -60.0);
        });
    }
}
