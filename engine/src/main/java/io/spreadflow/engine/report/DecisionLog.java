package io.spreadflow.engine.report;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Signal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code decisions.csv} of a backtest folder: why the run traded as it did. One row per decision of the
 * strategy (ENTER, EXIT), per refusal with its reason (validation by the strategy, the risk gate:
 * HALTED, COOLDOWN, MAX_OPEN_POSITIONS, MAX_NOTIONAL, …), per state transition, per leg repair or
 * unwind (HEDGE), and per fill or leg rejection, each with the bar or tick time and the values that
 * decided it (spread and indicators for signals; quantity, price, fee and the venue's reason for fills).
 *
 * <p>Rows are in event time; at one time, the signal that sent an order comes before its fills.
 */
public final class DecisionLog {

    public static final String FILE = "decisions.csv";

    static final String HEADER = "event_ts_us,event_time,instrument,record,kind,reason,position_id,from_state,to_state,"
            + "spread_pct,intent_id,leg,venue,side,status,filled_qty,avg_price,fee,values";

    private DecisionLog() {}

    /** Writes {@code decisions.csv} into {@code folder}. */
    public static void write(Path folder, List<Signal> signals, List<ExecutionReport> fills) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(folder.resolve(FILE), StandardCharsets.UTF_8)) {
            write(w, signals, fills);
        }
    }

    static void write(Writer w, List<Signal> signals, List<ExecutionReport> fills) throws IOException {
        List<Row> rows = new ArrayList<>(signals.size() + fills.size());
        for (int i = 0; i < signals.size(); i++) rows.add(new Row(signals.get(i).getEventTsUs(), 0, i, signals.get(i), null));
        for (int i = 0; i < fills.size(); i++) {
            ExecutionReport r = fills.get(i);
            long ts = r.getFillEventTsUs() != null ? r.getFillEventTsUs() : r.getIntentEventTsUs();
            rows.add(new Row(ts, 1, i, null, r));
        }
        rows.sort(Comparator.comparingLong(Row::tsUs).thenComparingInt(Row::kind).thenComparingInt(Row::index));
        w.write(HEADER);
        w.write('\n');
        StringBuilder line = new StringBuilder(256);
        for (Row row : rows) {
            line.setLength(0);
            if (row.signal != null) signal(line, row.signal);
            else fill(line, row.fill);
            line.append('\n');
            w.write(line.toString());
        }
    }

    private static void signal(StringBuilder b, Signal s) {
        b.append(s.getEventTsUs()).append(',').append(time(s.getEventTsUs())).append(',').append(s.getInstrument())
                .append(",SIGNAL,").append(s.getKind()).append(',').append(csv(String.valueOf(s.getReason()))).append(',')
                .append(s.getPositionId() == null ? "" : s.getPositionId()).append(',')
                .append(s.getFromState() == null ? "" : s.getFromState()).append(',')
                .append(s.getToState() == null ? "" : s.getToState()).append(',')
                .append(s.getSpreadPct() == null ? "" : s.getSpreadPct())
                .append(",,,,,,,,,").append(csv(values(s.getIndicators())));
    }

    private static void fill(StringBuilder b, ExecutionReport r) {
        long ts = r.getFillEventTsUs() != null ? r.getFillEventTsUs() : r.getIntentEventTsUs();
        b.append(ts).append(',').append(time(ts)).append(',').append(r.getInstrument()).append(",FILL,")
                .append(r.getStatus()).append(',').append(r.getReason() == null ? "" : csv(r.getReason().toString()))
                .append(",,,,,").append(csv(r.getIntentId().toString())).append(',').append(r.getLegIndex()).append(',')
                .append(r.getVenue()).append(',').append(r.getSide()).append(',').append(r.getStatus()).append(',')
                .append(r.getFilledQty()).append(',').append(r.getAvgPrice() == null ? "" : r.getAvgPrice()).append(',')
                .append(r.getFee()).append(',');
    }

    private static String values(Map<? extends CharSequence, Double> m) {
        StringBuilder b = new StringBuilder();
        for (var e : m.entrySet()) {
            if (b.length() > 0) b.append(';');
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    private static String time(long tsUs) {
        return Instant.ofEpochSecond(Math.floorDiv(tsUs, 1_000_000L), Math.floorMod(tsUs, 1_000_000L) * 1000L).toString();
    }

    private static String csv(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private record Row(long tsUs, int kind, int index, Signal signal, ExecutionReport fill) {}
}
