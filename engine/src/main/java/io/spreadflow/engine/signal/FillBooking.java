package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Books execution reports on the legs they belong to. Reports are cumulative per leg (filled quantity,
 * average price and fee so far): a leg books the difference to what it booked before, into the
 * ledger and its position's cash flow, so that a report delivered twice books nothing twice.
 */
final class FillBooking {

    /** What a report did to its leg. */
    enum Effect {
        /** Nothing new: a repeat, an acknowledgement, or a partial fill no larger than booked. */
        NOTHING,
        /** More filled on a leg still working. */
        PROGRESS,
        /** The leg's outcome: filled, rejected or canceled (with or without a partial fill). */
        DONE,
        /** A fill for a leg already given up (timed out): booked, the position may need repair. */
        LATE
    }

    private final SignalRecords records;

    FillBooking(SignalRecords records) {
        this.records = records;
    }

    /** Books report {@code r} on {@code leg} of {@code p}. */
    Effect book(PositionBook b, Ledger ledger, PositionRecord p, LegRecord leg, ExecutionReport r) {
        ExecutionStatus st = r.getStatus();
        if (st == ExecutionStatus.ACCEPTED || st == ExecutionStatus.UNKNOWN) return Effect.NOTHING;
        double cum = r.getFilledQty();
        boolean outcome = st != ExecutionStatus.PARTIALLY_FILLED;
        if (!(cum > leg.filled) && (leg.reported || !outcome)) return Effect.NOTHING;
        if (outcome) leg.reported = true;
        if (cum > leg.filled && r.getAvgPrice() != null) {
            BigDecimal cumNotional = BigDecimal.valueOf(cum).multiply(BigDecimal.valueOf(r.getAvgPrice()));
            BigDecimal cumFee = BigDecimal.valueOf(r.getFee());
            BigDecimal dQty = BigDecimal.valueOf(cum).subtract(BigDecimal.valueOf(leg.filled));
            BigDecimal dNotional = cumNotional.subtract(leg.notional);
            BigDecimal dFee = cumFee.subtract(leg.fee);
            ledger.book(leg.venue, leg.side, dQty, dNotional, dFee);
            p.cash = leg.side == Side.BUY ? p.cash.subtract(dNotional) : p.cash.add(dNotional);
            p.fees = p.fees.add(dFee);
            leg.filled = cum;
            leg.notional = cumNotional;
            leg.fee = cumFee;
            b.changed();
        }
        if (!leg.working()) return Effect.LATE;
        switch (st) {
            case FILLED -> leg.status = LegRecord.Status.FILLED;
            case REJECTED, CANCELED -> leg.status = leg.filled > 0 ? LegRecord.Status.PARTIAL_DONE : LegRecord.Status.REJECTED;
            default -> {
                return Effect.PROGRESS;
            }
        }
        return Effect.DONE;
    }

    /**
     * The signal for a report that matches no leg of an open position: an intent this book never sent,
     * or more filled on a leg than its position was closed with (exposure the framework no longer
     * tracks). {@code null} for a repeat of a closed leg's report.
     */
    Signal unmatched(PositionBook b, String instrument, ExecutionReport r, long nowTsUs) {
        String leg = r.getIntentId() + "#" + r.getLegIndex();
        Double settled = b.settledLeg(r.getIntentId(), r.getLegIndex());
        if (settled == null) {
            return records.record(b, instrument, nowTsUs, SignalKind.OTHER, null, null, "UNKNOWN_EXECUTION " + leg, null,
                    Double.NaN, Map.of());
        }
        if (r.getFilledQty() > settled) {
            return records.record(b, instrument, nowTsUs, SignalKind.OTHER, null, null,
                    "FILL_AFTER_CLOSE " + leg + " filled " + r.getFilledQty() + ", closed with " + settled, null, Double.NaN, Map.of());
        }
        return null;
    }
}
