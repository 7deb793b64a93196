package io.spreadflow.execution.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The outbox's reads and writes of {@code execution_reports}, inside a transaction. */
final class OutboxRows {

    private OutboxRows() {}

    /** How many reports wait for Kafka's acknowledgement. */
    static long pending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM execution_reports WHERE published = FALSE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Up to {@code max} reports not yet on Kafka, oldest first. */
    static List<OutboxReport> unpublished(Connection c, int max) throws SQLException {
        List<OutboxReport> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT report_seq, " + ReportRows.COLUMNS + " FROM execution_reports WHERE published = FALSE ORDER BY report_seq")) {
            ps.setMaxRows(max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new OutboxReport(rs.getLong(1), ReportRows.read(rs, 2)));
            }
        }
        return out;
    }

    static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE execution_reports SET published = TRUE WHERE report_seq = ?")) {
            for (long s : seqs) {
                ps.setLong(1, s);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
