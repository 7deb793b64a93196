package io.spreadflow.execution.ledger;

import io.spreadflow.engine.signal.IntentId;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.schemas.OrderIntent;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;

/** The {@code intents} table's writes that several ledger operations share, and its paged reads, inside their transaction. */
final class IntentRows {

    /** PostgreSQL's and H2's SQLSTATE for a unique-key violation: the intent id is already there. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** Reads the key of a counted group from the current row (column 1). */
    @FunctionalInterface
    interface GroupKey<K> {
        K read(ResultSet rs) throws SQLException;
    }

    private IntentRows() {}

    static void markCompleted(Connection c, String intentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE intents SET completed_at_ms = ? WHERE intent_id = ?")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, intentId);
            ps.executeUpdate();
        }
    }

    /** The run epoch of an id in the engine's form, 0 for any other id ({@link IntentId}). */
    static long runEpoch(String intentId) {
        IntentId.Parts parts = IntentId.parse(intentId);
        return parts == null ? 0 : parts.epoch();
    }

    /** Inserts an intent row; one that holds open exposure is counted in its instrument's aggregate (call under the decision lock). */
    static boolean insertIntent(Connection c, OrderIntent i, String fingerprint, BigDecimal notional, String status,
                                        String reason, boolean openExposure) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO intents (intent_id, instrument, strategy_id, sequence_no, purpose, position_id, event_ts_us, notional, "
                        + "status, reason, open_exposure, executions, payload, fingerprint, received_at_ms, run_epoch) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
            ps.setString(1, i.getIntentId());
            ps.setString(2, i.getInstrument());
            ps.setString(3, i.getStrategyId());
            ps.setLong(4, i.getSequence());
            ps.setString(5, i.getPurpose().name());
            if (i.getPositionId() == null) ps.setNull(6, Types.BIGINT); else ps.setLong(6, i.getPositionId());
            ps.setLong(7, i.getEventTsUs());
            ps.setBigDecimal(8, notional);
            ps.setString(9, status);
            ps.setString(10, IntentLedger.truncate(reason));
            ps.setBoolean(11, openExposure);
            ps.setString(12, IntentCodec.canonical(i));
            ps.setString(13, fingerprint);
            ps.setLong(14, System.currentTimeMillis());
            ps.setLong(15, runEpoch(i.getIntentId()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                c.rollback();
                return false;
            }
            throw e;
        }
        if (openExposure) ExposureBook.opened(c, i.getInstrument(), notional);
        if (LedgerEntry.RECEIVED.equals(status)) ExposureBook.addPending(c, i);
        return true;
    }

    /** Up to {@code max} RECEIVED intents after {@code after}, oldest first (see {@link IntentLedger#pending(LedgerPage.Cursor, int)}). */
    static LedgerPage pending(Connection c, LedgerPage.Cursor after, int max) throws SQLException {
        List<LedgerEntry> out = new ArrayList<>();
        long lastAt = 0;
        String lastId = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT payload, fingerprint, status, reason, executions, received_at_ms, intent_id FROM intents WHERE status = ?"
                        + (after == null ? "" : " AND (received_at_ms > ? OR (received_at_ms = ? AND intent_id > ?))")
                        + " ORDER BY received_at_ms, intent_id")) {
            ps.setString(1, LedgerEntry.RECEIVED);
            if (after != null) {
                ps.setLong(2, after.receivedAtMs());
                ps.setLong(3, after.receivedAtMs());
                ps.setString(4, after.intentId());
            }
            // one more than asked: whether another page follows
            ps.setMaxRows(max + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (out.size() == max) return new LedgerPage(out, new LedgerPage.Cursor(lastAt, lastId));
                    out.add(new LedgerEntry(IntentCodec.fromCanonical(rs.getString(1)), rs.getString(2).trim(), rs.getString(3),
                            rs.getString(4), rs.getInt(5), List.of()));
                    lastAt = rs.getLong(6);
                    lastId = rs.getString(7);
                }
            }
        }
        return new LedgerPage(out, null);
    }

    /** The intents per value of {@code column} (a fixed column name, never input), in key order. */
    static <K> Map<K, Long> countBy(Connection c, String column, GroupKey<K> key) throws SQLException {
        Map<K, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + ", COUNT(*) FROM intents GROUP BY " + column);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(key.read(rs), rs.getLong(2));
        }
        return out;
    }
}
