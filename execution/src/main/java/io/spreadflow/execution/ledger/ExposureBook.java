package io.spreadflow.execution.ledger;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of risk decisions: the decision lock, the exposure they read, the running positions they keep. */
final class ExposureBook {

    private ExposureBook() {}

    /** Takes the decision lock (released when the transaction ends) and says whether the kill switch is on. */
    static boolean lockDecisions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT flag_value FROM service_flags WHERE flag_name = 'kill_switch' FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("service_flags has no kill_switch row: the ledger's migrations did not run");
            return "on".equals(rs.getString(1));
        }
    }

    /** The open intents of all instruments, from the running aggregate (a row per instrument, not per intent). */
    static final String OPEN_INTENTS_SQL = "SELECT COALESCE(SUM(open_intents), 0) FROM instrument_exposure";
    /** The open notional of one instrument, from the running aggregate. */
    static final String OPEN_NOTIONAL_SQL = "SELECT open_notional FROM instrument_exposure WHERE instrument = ?";

    static long openIntents(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN_INTENTS_SQL); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static BigDecimal openNotional(Connection c, String instrument) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OPEN_NOTIONAL_SQL)) {
            ps.setString(1, instrument);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
            }
        }
    }

    static Exposure read(Connection c, OrderIntent intent, boolean killSwitch) throws SQLException {
        long open = openIntents(c);
        BigDecimal notional = openNotional(c, intent.getInstrument());
        Map<String, Exposure.VenuePosition> positions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT net_qty, pending_buy_qty, pending_sell_qty FROM venue_positions WHERE instrument = ? AND venue = ?")) {
            for (OrderLeg leg : intent.getLegs()) {
                if (positions.containsKey(leg.getVenue())) continue;
                ps.setString(1, intent.getInstrument());
                ps.setString(2, leg.getVenue());
                try (ResultSet rs = ps.executeQuery()) {
                    positions.put(leg.getVenue(), rs.next()
                            ? new Exposure.VenuePosition(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3))
                            : Exposure.VenuePosition.FLAT);
                }
            }
        }
        return new Exposure(killSwitch, open, notional, positions);
    }

    /**
     * An intent that holds open exposure was recorded: the aggregate of its instrument counts it. Runs under the
     * decision lock, so that no two transactions create the instrument's row at once.
     */
    static void opened(Connection c, String instrument, BigDecimal notional) throws SQLException {
        if (!update(c, "UPDATE instrument_exposure SET open_intents = open_intents + 1, open_notional = open_notional + ? "
                + "WHERE instrument = ?", notional, instrument)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO instrument_exposure (instrument, open_intents, open_notional) VALUES (?, 1, ?)")) {
                ps.setString(1, instrument);
                ps.setBigDecimal(2, notional);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Closes the open exposure of intent {@code intentId} if it still holds some: the flag and the aggregate
     * change together, decided by the flag's own update, so that two transactions never both close it.
     *
     * @return whether this call closed it
     */
    static boolean close(Connection c, String intentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE intents SET open_exposure = FALSE WHERE intent_id = ? AND open_exposure = TRUE")) {
            ps.setString(1, intentId);
            if (ps.executeUpdate() == 0) return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT instrument, notional FROM intents WHERE intent_id = ?")) {
            ps.setString(1, intentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                update(c, "UPDATE instrument_exposure SET open_intents = open_intents - 1, open_notional = open_notional - ? "
                        + "WHERE instrument = ?", rs.getBigDecimal(2), rs.getString(1));
            }
        }
        return true;
    }

    /** An intent goes under way: its legs may buy or sell that much more. */
    static void addPending(Connection c, OrderIntent intent) throws SQLException {
        for (OrderLeg leg : intent.getLegs()) {
            BigDecimal q = BigDecimal.valueOf(leg.getQuantity());
            boolean buy = leg.getSide() == Side.BUY;
            String column = buy ? "pending_buy_qty" : "pending_sell_qty";
            if (!update(c, "UPDATE venue_positions SET " + column + " = " + column + " + ? WHERE instrument = ? AND venue = ?", q,
                    intent.getInstrument(), leg.getVenue())) {
                insert(c, intent.getInstrument(), leg.getVenue(), BigDecimal.ZERO, buy ? q : BigDecimal.ZERO, buy ? BigDecimal.ZERO : q);
            }
        }
    }

    /** An intent completed: what it may still trade is gone, what it filled is in the position. */
    static void settle(Connection c, OrderIntent intent, List<ExecutionReport> reports) throws SQLException {
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg leg = intent.getLegs().get(i);
            BigDecimal q = BigDecimal.valueOf(leg.getQuantity());
            int index = i;
            BigDecimal filled = reports.stream().filter(r -> r.getLegIndex() == index).map(r -> BigDecimal.valueOf(r.getFilledQty()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal signed = leg.getSide() == Side.BUY ? filled : filled.negate();
            String column = leg.getSide() == Side.BUY ? "pending_buy_qty" : "pending_sell_qty";
            // floored at 0: an intent recorded before this table existed never added its pending quantity
            if (!update(c, "UPDATE venue_positions SET net_qty = net_qty + ?, " + column + " = CASE WHEN " + column + " > ? THEN "
                    + column + " - ? ELSE 0 END WHERE instrument = ? AND venue = ?", signed, q, q, intent.getInstrument(), leg.getVenue())) {
                insert(c, intent.getInstrument(), leg.getVenue(), signed, BigDecimal.ZERO, BigDecimal.ZERO);
            }
        }
    }

    private static boolean update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof BigDecimal b) ps.setBigDecimal(i + 1, b); else ps.setString(i + 1, (String) args[i]);
            }
            return ps.executeUpdate() > 0;
        }
    }

    private static void insert(Connection c, String instrument, String venue, BigDecimal net, BigDecimal buy, BigDecimal sell)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO venue_positions (instrument, venue, net_qty, pending_buy_qty, "
                + "pending_sell_qty) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, instrument);
            ps.setString(2, venue);
            ps.setBigDecimal(3, net);
            ps.setBigDecimal(4, buy);
            ps.setBigDecimal(5, sell);
            ps.executeUpdate();
        }
    }
}
