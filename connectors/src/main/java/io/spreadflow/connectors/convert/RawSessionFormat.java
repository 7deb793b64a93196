package io.spreadflow.connectors.convert;

import java.util.Arrays;
import java.util.Locale;

/** The layouts of recorded raw WebSocket sessions that {@link RawSessionReader} understands. */
public enum RawSessionFormat {
    /**
     * The hftbacktest Binance recorder: {@code <local receive timestamp> <combined-stream JSON>} per
     * line; the timestamp unit (ns, µs, ms or s) is told from its magnitude. {@code .gz} is gunzipped.
     */
    BINANCE_WS("binance-ws"),
    /**
     * cryptofeed's raw session dumps: line 1 {@code <ws url> <-> <connect epoch s>}, sent frames
     * {@code <ws url> <- <epoch s>: <json>}, received frames {@code <epoch s>: <json>}. The venue
     * comes from the URL of line 1, else from the file name.
     */
    CRYPTOFEED("cryptofeed");

    private final String id;

    RawSessionFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RawSessionFormat of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown raw session format '" + id + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(RawSessionFormat::id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
