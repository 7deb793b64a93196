package io.spreadflow.execution.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.execution.risk.RiskCheck;
import org.flywaydb.core.Flyway;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The durable record of every intent the service accepted, rejected or executed, in a JDBC database
 * (embedded H2 by default, PostgreSQL in production) whose schema Flyway migrates.
 *
 * <p>The intent id is the primary key: inserting an id twice fails in the database, which is what
 * makes a resent intent a no-op whatever the caller does. Completing an intent moves it from
 * {@code RECEIVED} to its outcome with a compare-and-set, so its reports are recorded at most once.
 * Reports double as an outbox: each stays unpublished until Kafka acknowledged it.
 *
 * <p>Thread-safe; every method is one transaction.
 */
public final class IntentLedger implements AutoCloseable {

    private static final String KILL_SWITCH = "kill_switch";

    /** Rows one call of a list query returns at most, unless the ledger is opened with another page size. */
    public static final int DEFAULT_PAGE_ROWS = 1_000;

    private final HikariDataSource pool;
    private final int pageRows;

    private IntentLedger(HikariDataSource pool, int pageRows) {
        this.pool = pool;
        this.pageRows = pageRows;
    }

    /** Opens the database at {@code jdbcUrl}, migrating its schema to the current version; lists come in {@link #DEFAULT_PAGE_ROWS}. */
    public static IntentLedger open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_PAGE_ROWS);
    }

    /**
     * Opens the database at {@code jdbcUrl}, migrating its schema to the current version.
     *
     * @param pageRows rows one call of a list query returns at most (a page of {@link #pending(LedgerPage.Cursor, int)},
     *                 the receipts of an id)
     */
    public static IntentLedger open(String jdbcUrl, String user, String password, int pageRows) {
        if (pageRows < 1) throw new IllegalArgumentException("ledger-page-rows must be ≥ 1, was " + pageRows);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) cfg.setUsername(user);
        if (password != null) cfg.setPassword(password);
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.setPoolName("intent-ledger");
        cfg.setAutoCommit(false);
        cfg.setInitializationFailTimeout(10_000);
        // a database that does not hand out a connection within 5 s is down: callers get a 503, /health a DOWN
        cfg.setConnectionTimeout(5_000);
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new IntentLedger(ds, pageRows);
    }

    /** The stored entry of {@code intentId}, with its reports. */
    public Optional<LedgerEntry> find(String intentId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT payload, fingerprint, status, reason, executions FROM intents WHERE intent_id = ?")) {
                ps.setString(1, intentId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new LedgerEntry(IntentCodec.fromCanonical(rs.getString(1)), rs.getString(2).trim(),
                            rs.getString(3), rs.getString(4), rs.getInt(5), ReportRows.of(c, intentId)));
                }
            }
        });
    }

    /**
     * Records an intent about to be executed.
     *
     * @param openExposure whether it counts against the open-intent and instrument-notional limits
     * @return false when the id is already in the ledger (nothing changed)
     */
    public boolean insertReceived(OrderIntent intent, String fingerprint, BigDecimal notional, boolean openExposure) {
        return tx(c -> {
            ExposureBook.lockDecisions(c);
            return IntentRows.insertIntent(c, intent, fingerprint, notional, LedgerEntry.RECEIVED, null, openExposure);
        });
    }

    /**
     * Decides on a new intent and records the decision in one transaction. The transaction first locks the
     * ledger's decision row, so decisions on one database are made one after the other, whichever process
     * makes them: {@code rule} sees the exposure every earlier decision left, and no two intents can both
     * pass a limit only one of them fits.
     *
     * @param rule       the refusal for the exposure it is shown, or null to accept
     * @param rejections the REJECTED reports of a refusal with the given reason
     */
    public LedgerDecision decide(OrderIntent intent, String fingerprint, BigDecimal notional, boolean openExposure,
                           Function<Exposure, RiskCheck.Refusal> rule, Function<String, List<ExecutionReport>> rejections) {
        return tx(c -> {
            boolean killSwitch = ExposureBook.lockDecisions(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM intents WHERE intent_id = ?")) {
                ps.setString(1, intent.getIntentId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return new LedgerDecision(LedgerDecision.Outcome.KNOWN, null, List.of());
                }
            }
            RiskCheck.Refusal refusal = rule.apply(ExposureBook.read(c, intent, killSwitch));
            if (refusal == null) {
                if (!IntentRows.insertIntent(c, intent, fingerprint, notional, LedgerEntry.RECEIVED, null, openExposure)) {
                    return new LedgerDecision(LedgerDecision.Outcome.KNOWN, null, List.of());
                }
                return new LedgerDecision(LedgerDecision.Outcome.ACCEPTED, null, List.of());
            }
            List<ExecutionReport> reports = rejections.apply(refusal.reason());
            if (!IntentRows.insertIntent(c, intent, fingerprint, notional, ExecutionStatus.REJECTED.name(), refusal.reason(), false)) {
                return new LedgerDecision(LedgerDecision.Outcome.KNOWN, null, List.of());
            }
            IntentRows.markCompleted(c, intent.getIntentId());
            ReportRows.insert(c, reports);
            return new LedgerDecision(LedgerDecision.Outcome.REJECTED, refusal, reports);
        });
    }

    /**
     * Records an intent refused before execution, with its REJECTED reports, in one transaction.
     *
     * @return false when the id is already in the ledger (nothing changed)
     */
    public boolean insertRejected(OrderIntent intent, String fingerprint, BigDecimal notional, String reason,
                                  List<ExecutionReport> reports) {
        return tx(c -> {
            if (!IntentRows.insertIntent(c, intent, fingerprint, notional, ExecutionStatus.REJECTED.name(), reason, false)) return false;
            IntentRows.markCompleted(c, intent.getIntentId());
            ReportRows.insert(c, reports);
            return true;
        });
    }

    /**
     * Moves a {@code RECEIVED} intent to its outcome and stores its reports. An accepted exit with fills
     * closes the open entries it exits: those of its instrument and strategy with its position id, or all
     * of them when it names none.
     *
     * @return false when the intent was not {@code RECEIVED} (already completed: nothing changed)
     */
    public boolean complete(OrderIntent intent, String status, List<ExecutionReport> reports) {
        boolean anyFill = reports.stream().anyMatch(r -> r.getFilledQty() > 0);
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE intents SET status = ?, executions = executions + 1, completed_at_ms = ? WHERE intent_id = ? AND status = ?")) {
                ps.setString(1, status);
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, intent.getIntentId());
                ps.setString(4, LedgerEntry.RECEIVED);
                if (ps.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
            }
            ReportRows.insert(c, reports);
            ExposureBook.settle(c, intent, reports);
            // an entry that filled nothing holds no exposure
            if (!anyFill) ExposureBook.close(c, intent.getIntentId());
            if (anyFill && intent.getPurpose() == IntentPurpose.EXIT) {
                // the entries it exits: found by the (instrument, open_exposure) index, each closed with the aggregate
                String sql = EXITED_ENTRIES_SQL + (intent.getPositionId() == null ? "" : " AND position_id = ?");
                List<String> exited = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, intent.getInstrument());
                    ps.setString(2, intent.getStrategyId());
                    if (intent.getPositionId() != null) ps.setLong(3, intent.getPositionId());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) exited.add(rs.getString(1));
                    }
                }
                for (String id : exited) ExposureBook.close(c, id);
            }
            return true;
        });
    }

    /** The open entries of an instrument and strategy an exit closes (with its position id when it names one). */
    static final String EXITED_ENTRIES_SQL = "SELECT intent_id FROM intents WHERE instrument = ? AND open_exposure = TRUE "
            + "AND strategy_id = ? AND purpose IN ('ENTRY', 'OTHER')";

    /** Rows one call of a list query returns at most: a page of {@link #pending(LedgerPage.Cursor, int)}, the receipts of an id. */
    public int pageRows() {
        return pageRows;
    }

    /**
     * Intents received but not completed (e.g. the service stopped while executing them), oldest first: at most
     * {@code max}, starting after {@code after} (null: from the oldest).
     */
    public LedgerPage pending(LedgerPage.Cursor after, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be ≥ 1, was " + max);
        return tx(c -> IntentRows.pending(c, after, max));
    }

    /** Every intent received but not completed, oldest first, read {@link #pageRows()} at a time. */
    public List<LedgerEntry> pending() {
        List<LedgerEntry> all = new ArrayList<>();
        LedgerPage.Cursor at = null;
        do {
            LedgerPage p = pending(at, pageRows);
            all.addAll(p.entries());
            at = p.next();
        } while (at != null);
        return all;
    }

    /** How many entries are open (count against {@code max-open-intents}), from the running aggregate. */
    public long openIntents() {
        return tx(ExposureBook::openIntents);
    }

    /** How many intents the ledger holds per status ({@code RECEIVED}, then the outcome), for metrics. */
    public Map<String, Long> intentsByStatus() {
        return tx(c -> IntentRows.countBy(c, "status", rs -> rs.getString(1).trim()));
    }

    /**
     * How many intents the ledger holds per run epoch of their ids ({@code io.spreadflow.engine.signal.IntentId};
     * 0: ids without one), for auditing which run of a job sent what.
     */
    public Map<Long, Long> intentsByRunEpoch() {
        return tx(c -> IntentRows.countBy(c, "run_epoch", rs -> rs.getLong(1)));
    }

    /** How many reports wait in the outbox for Kafka's acknowledgement. */
    public long outboxPending() {
        return tx(OutboxRows::pending);
    }

    /** The gross notional of the open entries of {@code instrument}, from the running aggregate. */
    public BigDecimal openNotional(String instrument) {
        return tx(c -> ExposureBook.openNotional(c, instrument).stripTrailingZeros());
    }

    /** The positions the fills add up to, per instrument and venue. */
    public List<PositionRow> positions() {
        return tx(ReportRows::positions);
    }

    /** Up to {@code max} reports not yet on Kafka, oldest first. */
    public List<OutboxReport> unpublished(int max) {
        return tx(c -> OutboxRows.unpublished(c, max));
    }

    /** Marks reports as acknowledged by Kafka. */
    public void markPublished(List<Long> seqs) {
        if (seqs.isEmpty()) return;
        tx(c -> {
            OutboxRows.markPublished(c, seqs);
            return null;
        });
    }

    /** Whether the kill switch is on; it survives restarts. */
    public boolean killSwitch() {
        return tx(c -> ServiceFlags.on(c, KILL_SWITCH));
    }

    public void setKillSwitch(boolean on) {
        tx(c -> {
            ServiceFlags.set(c, KILL_SWITCH, on);
            return null;
        });
    }

    /**
     * Records that {@code intentId} arrived (with content {@code fingerprint}) and what the ledger held for
     * it, in its own transaction, before the desk acts on it: the record survives whatever happens next.
     */
    public void recordReceipt(String intentId, String fingerprint, Receipt.Verdict verdict) {
        tx(c -> {
            ReceiptLog.insert(c, intentId, fingerprint, verdict, System.currentTimeMillis());
            return null;
        });
    }

    /** The first {@link #pageRows()} arrivals of {@code intentId}, first first (a client may resend an id without end). */
    public List<Receipt> receipts(String intentId) {
        return receipts(intentId, pageRows);
    }

    /** The first {@code max} arrivals of {@code intentId}, first first. */
    public List<Receipt> receipts(String intentId, int max) {
        if (max < 1) throw new IllegalArgumentException("max must be ≥ 1, was " + max);
        return tx(c -> ReceiptLog.of(c, intentId, max));
    }

    /** How many arrivals the ledger recorded, per verdict (every verdict present, 0 when none). */
    public Map<Receipt.Verdict, Long> receiptCounts() {
        return tx(ReceiptLog::counts);
    }

    /** How many intents and reports the ledger holds and how many executions it performed. */
    public LedgerCounts counts() {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM intents), (SELECT COUNT(*) FROM execution_reports), "
                            + "(SELECT COALESCE(SUM(executions), 0) FROM intents)");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new LedgerCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    /** Whether the database answers within {@code timeoutSeconds} (for {@code /health}). */
    public boolean reachable(int timeoutSeconds) {
        try (Connection c = pool.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                if (!c.getAutoCommit()) c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("intent ledger: " + e.getMessage(), e);
        }
    }
}
