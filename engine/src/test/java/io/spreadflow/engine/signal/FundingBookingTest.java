package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.spreadflow.engine.signal.MachineFixtures.FUT;
import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class FundingBookingTest {

    @Test
    void aShortReceivesAPositiveRateAndAFlatPositionNothing() {
        PositionBook b = new PositionBook();
        PositionRecord shortFut = position(b, 1, 10);
        entryFilled(b, shortFut, 10, 10);
        PositionRecord noFut = position(b, 2, 10);
        entryFilled(b, noFut, 10, 0);
        Ledger ledger = new Ledger(Map.of());
        MachineFixtures.Decided decided = new MachineFixtures.Decided();

        new FundingBooking(new SignalRecords("rdn")).apply(b, ledger, INSTRUMENT, FUT, T0, new BigDecimal("0.0001"),
                new BigDecimal("50"), decided.out);

        // −(−10) × 50 × 0.0001 = +0.05
        assertThat(shortFut.funding).isEqualByComparingTo("0.05");
        assertThat(shortFut.cash).isEqualByComparingTo("0.05");
        assertThat(noFut.funding).isEqualByComparingTo("0");
        assertThat(ledger.quote(FUT)).isEqualByComparingTo("0.05");
        assertThat(ledger.funding()).isEqualByComparingTo("0.05");
        assertThat(decided.signals()).singleElement().satisfies(s -> {
            assertThat(s.getReason()).isEqualTo("FUNDING " + FUT);
            assertThat(s.getPositionId()).isEqualTo(1L);
            assertThat(s.getIndicators()).containsEntry("quantity", -10.0).containsEntry("funding_quote", 0.05);
        });
    }

    @Test
    void aLongPaysAPositiveRate() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        Ledger ledger = new Ledger(Map.of());
        new FundingBooking(new SignalRecords("rdn")).apply(b, ledger, INSTRUMENT, MachineFixtures.SPOT, T0,
                new BigDecimal("0.0001"), new BigDecimal("50"), new MachineFixtures.Decided().out);
        assertThat(p.funding).isEqualByComparingTo("-0.05");
    }
}
