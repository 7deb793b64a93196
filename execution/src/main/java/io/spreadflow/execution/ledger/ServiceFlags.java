package io.spreadflow.execution.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The service's durable on/off switches ({@code service_flags}), inside a transaction. */
final class ServiceFlags {

    private ServiceFlags() {}

    static boolean on(Connection c, String flag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT flag_value FROM service_flags WHERE flag_name = ?")) {
            ps.setString(1, flag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "on".equals(rs.getString(1));
            }
        }
    }

    static void set(Connection c, String flag, boolean on) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE service_flags SET flag_value = ? WHERE flag_name = ?")) {
            up.setString(1, on ? "on" : "off");
            up.setString(2, flag);
            if (up.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO service_flags (flag_name, flag_value) VALUES (?, ?)")) {
                    ins.setString(1, flag);
                    ins.setString(2, on ? "on" : "off");
                    ins.executeUpdate();
                }
            }
        }
    }
}
