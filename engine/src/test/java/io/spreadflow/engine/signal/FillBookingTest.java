package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.SPOT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.leg;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class FillBookingTest {

    private final FillBooking fills = new FillBooking(new SignalRecords("rdn"));
    private final PositionBook b = new PositionBook();
    private final Ledger ledger = new Ledger(Map.of());
    private final PositionRecord p = position(b, 1, 10);
    private final LegRecord buy = leg(b, p, "LUNC-USDT|rdn|1", 0, IntentPurpose.ENTRY, SPOT, Side.BUY, 10, 0, LegRecord.Status.WORKING);

    private static ExecutionReport report(ExecutionStatus st, double cum, Double avg, double fee) {
        return ExecutionReport.newBuilder().setIntentId("LUNC-USDT|rdn|1").setInstrument(INSTRUMENT).setLegIndex(0).setVenue(SPOT)
                .setSide(Side.BUY).setStatus(st).setFilledQty(cum).setAvgPrice(avg).setFee(fee).setFeeCurrency("USDT")
                .setVenueOrderId(null).setReason(null).setIntentEventTsUs(T0).setFillEventTsUs(null).build();
    }

    @Test
    void cumulativeReportsBookTheirDifferencesOnce() {
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.PARTIALLY_FILLED, 4, 2.0, 0.04))).isEqualTo(FillBooking.Effect.PROGRESS);
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.PARTIALLY_FILLED, 4, 2.0, 0.04)))
                .as("the same report again").isEqualTo(FillBooking.Effect.NOTHING);
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.FILLED, 10, 2.1, 0.1))).isEqualTo(FillBooking.Effect.DONE);
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.FILLED, 10, 2.1, 0.1))).isEqualTo(FillBooking.Effect.NOTHING);
        assertThat(buy.status).isEqualTo(LegRecord.Status.FILLED);
        assertThat(buy.filled).isEqualTo(10);
        // 10 at an average of 2.1 is 21, paid, plus 0.1 of fees
        assertThat(ledger.base(SPOT)).isEqualByComparingTo("10");
        assertThat(ledger.quote(SPOT)).isEqualByComparingTo("-21.1");
        assertThat(p.cash).isEqualByComparingTo("-21");
        assertThat(p.fees).isEqualByComparingTo("0.1");
    }

    @Test
    void acknowledgementsChangeNothing() {
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.ACCEPTED, 0, null, 0))).isEqualTo(FillBooking.Effect.NOTHING);
        assertThat(buy.working()).isTrue();
    }

    @Test
    void aCanceledRestAfterAPartialFillIsAPartialOutcome() {
        fills.book(b, ledger, p, buy, report(ExecutionStatus.PARTIALLY_FILLED, 4, 2.0, 0));
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.CANCELED, 4, 2.0, 0))).isEqualTo(FillBooking.Effect.DONE);
        assertThat(buy.status).isEqualTo(LegRecord.Status.PARTIAL_DONE);
        assertThat(ledger.base(SPOT)).isEqualByComparingTo("4");
    }

    @Test
    void aRejectionWithNothingFilledIsARejectedLeg() {
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.REJECTED, 0, null, 0))).isEqualTo(FillBooking.Effect.DONE);
        assertThat(buy.status).isEqualTo(LegRecord.Status.REJECTED);
        assertThat(ledger.base(SPOT)).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void aFillForALegGivenUpIsBookedAsLate() {
        buy.status = LegRecord.Status.TIMED_OUT;
        assertThat(fills.book(b, ledger, p, buy, report(ExecutionStatus.FILLED, 10, 2.0, 0))).isEqualTo(FillBooking.Effect.LATE);
        assertThat(buy.status).as("stays given up").isEqualTo(LegRecord.Status.TIMED_OUT);
        assertThat(ledger.base(SPOT)).isEqualByComparingTo("10");
    }

    @Test
    void reportsMatchingNoOpenLegAreNamed() {
        PositionBook empty = new PositionBook();
        assertThat(fills.unmatched(empty, INSTRUMENT, report(ExecutionStatus.FILLED, 10, 2.0, 0), T0).getReason())
                .isEqualTo("UNKNOWN_EXECUTION LUNC-USDT|rdn|1#0");
        empty.settle("LUNC-USDT|rdn|1", 0, 10);
        assertThat(fills.unmatched(empty, INSTRUMENT, report(ExecutionStatus.FILLED, 10, 2.0, 0), T0)).as("a repeat").isNull();
        assertThat(fills.unmatched(empty, INSTRUMENT, report(ExecutionStatus.FILLED, 12, 2.0, 0), T0).getReason())
                .startsWith("FILL_AFTER_CLOSE LUNC-USDT|rdn|1#0 filled 12.0");
    }
}
