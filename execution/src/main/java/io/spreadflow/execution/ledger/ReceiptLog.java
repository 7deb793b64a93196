package io.spreadflow.execution.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The SQL of the {@code intent_receipts} table; {@link IntentLedger} runs it in its transactions. */
final class ReceiptLog {

    private ReceiptLog() {}

    static void insert(Connection c, String intentId, String fingerprint, Receipt.Verdict verdict, long atMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO intent_receipts (intent_id, fingerprint, verdict, received_at_ms) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, intentId);
            ps.setString(2, fingerprint);
            ps.setString(3, verdict.name());
            ps.setLong(4, atMs);
            ps.executeUpdate();
        }
    }

    static List<Receipt> of(Connection c, String intentId, int max) throws SQLException {
        List<Receipt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT receipt_seq, fingerprint, verdict, received_at_ms FROM intent_receipts "
                + "WHERE intent_id = ? ORDER BY receipt_seq")) {
            ps.setString(1, intentId);
            ps.setMaxRows(max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Receipt(rs.getLong(1), intentId, rs.getString(2).trim(), Receipt.Verdict.valueOf(rs.getString(3)),
                            rs.getLong(4)));
                }
            }
        }
        return out;
    }

    static Map<Receipt.Verdict, Long> counts(Connection c) throws SQLException {
        Map<Receipt.Verdict, Long> out = new EnumMap<>(Receipt.Verdict.class);
        for (Receipt.Verdict v : Receipt.Verdict.values()) out.put(v, 0L);
        try (PreparedStatement ps = c.prepareStatement("SELECT verdict, COUNT(*) FROM intent_receipts GROUP BY verdict");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(Receipt.Verdict.valueOf(rs.getString(1)), rs.getLong(2));
        }
        return out;
    }
}
