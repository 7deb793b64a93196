package io.spreadflow.execution.ledger;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the {@code execution_reports} table; {@link IntentLedger} runs it in its transactions. */
final class ReportRows {

    private ReportRows() {}

    static final String COLUMNS = "intent_id, leg_index, instrument, venue, side, status, filled_qty, avg_price, fee, "
            + "fee_currency, venue_order_id, reason, intent_event_ts_us, fill_event_ts_us";

    static void insert(Connection c, List<ExecutionReport> reports) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO execution_reports (" + COLUMNS
                + ", published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
            for (ExecutionReport r : reports) {
                ps.setString(1, r.getIntentId());
                ps.setInt(2, r.getLegIndex());
                ps.setString(3, r.getInstrument());
                ps.setString(4, r.getVenue());
                ps.setString(5, r.getSide().name());
                ps.setString(6, r.getStatus().name());
                ps.setBigDecimal(7, BigDecimal.valueOf(r.getFilledQty()));
                if (r.getAvgPrice() == null) ps.setNull(8, Types.NUMERIC); else ps.setBigDecimal(8, BigDecimal.valueOf(r.getAvgPrice()));
                ps.setBigDecimal(9, BigDecimal.valueOf(r.getFee()));
                ps.setString(10, r.getFeeCurrency());
                ps.setString(11, r.getVenueOrderId());
                ps.setString(12, IntentLedger.truncate(r.getReason()));
                ps.setLong(13, r.getIntentEventTsUs());
                if (r.getFillEventTsUs() == null) ps.setNull(14, Types.BIGINT); else ps.setLong(14, r.getFillEventTsUs());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<ExecutionReport> of(Connection c, String intentId) throws SQLException {
        List<ExecutionReport> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM execution_reports WHERE intent_id = ? ORDER BY leg_index")) {
            ps.setString(1, intentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs, 1));
            }
        }
        return out;
    }

    static ExecutionReport read(ResultSet rs, int at) throws SQLException {
        BigDecimal avg = rs.getBigDecimal(at + 7);
        long fillTs = rs.getLong(at + 13);
        boolean fillTsNull = rs.wasNull();
        return ExecutionReport.newBuilder()
                .setIntentId(rs.getString(at))
                .setLegIndex(rs.getInt(at + 1))
                .setInstrument(rs.getString(at + 2))
                .setVenue(rs.getString(at + 3))
                .setSide(Side.valueOf(rs.getString(at + 4)))
                .setStatus(ExecutionStatus.valueOf(rs.getString(at + 5)))
                .setFilledQty(rs.getBigDecimal(at + 6).doubleValue())
                .setAvgPrice(avg == null ? null : avg.doubleValue())
                .setFee(rs.getBigDecimal(at + 8).doubleValue())
                .setFeeCurrency(rs.getString(at + 9))
                .setVenueOrderId(rs.getString(at + 10))
                .setReason(rs.getString(at + 11))
                .setIntentEventTsUs(rs.getLong(at + 12))
                .setFillEventTsUs(fillTsNull ? null : fillTs)
                .build();
    }

    /** What the fills add up to per instrument and venue (a display: it reads every fill). */
    static List<PositionRow> positions(Connection c) throws SQLException {
        Map<String, PositionRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT instrument, venue, side, filled_qty, avg_price, fee, fee_currency FROM execution_reports "
                        + "WHERE filled_qty > 0 ORDER BY instrument, venue, report_seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = rs.getString(1) + "|" + rs.getString(2);
                boolean buy = Side.BUY.name().equals(rs.getString(3));
                BigDecimal qty = rs.getBigDecimal(4);
                BigDecimal quote = qty.multiply(rs.getBigDecimal(5));
                BigDecimal fee = rs.getBigDecimal(6);
                PositionRow p = rows.getOrDefault(key, new PositionRow(rs.getString(1), rs.getString(2), BigDecimal.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, rs.getString(7), 0));
                rows.put(key, new PositionRow(p.instrument(), p.venue(),
                        buy ? p.netQty().add(qty) : p.netQty().subtract(qty),
                        buy ? p.boughtQty().add(qty) : p.boughtQty(), buy ? p.soldQty() : p.soldQty().add(qty),
                        buy ? p.boughtQuote().add(quote) : p.boughtQuote(), buy ? p.soldQuote() : p.soldQuote().add(quote),
                        p.fees().add(fee), p.feeCurrency(), p.fills() + 1));
            }
        }
        List<PositionRow> out = new ArrayList<>();
        for (PositionRow p : rows.values()) {
            out.add(new PositionRow(p.instrument(), p.venue(), p.netQty().stripTrailingZeros(), p.boughtQty().stripTrailingZeros(),
                    p.soldQty().stripTrailingZeros(), p.boughtQuote().stripTrailingZeros(), p.soldQuote().stripTrailingZeros(),
                    p.fees().stripTrailingZeros(), p.feeCurrency(), p.fills()));
        }
        return out;
    }
}
