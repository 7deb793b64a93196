package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads tick files into {@link BookTicker}s in file order. Two formats, told apart by the header:
 * <ul>
 *   <li>canonical: {@code timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty}</li>
 *   <li>Binance bookTicker: {@code local_ts_ns,venue,symbol,update_id,event_time_ms,transaction_time_ms,
 *       bid_price,bid_qty,ask_price,ask_qty}; receive time becomes {@code local_ts_ns / 1000}</li>
 * </ul>
 * Files ending in {@code .gz} are gunzipped. A line that does not parse is handed to the
 * {@link Sink#malformed} callback with its line number and reason; reading goes on.
 */
public final class TickFileReader {

    public static final String CANONICAL_HEADER = "timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty";
    public static final String BINANCE_HEADER =
            "local_ts_ns,venue,symbol,update_id,event_time_ms,transaction_time_ms,bid_price,bid_qty,ask_price,ask_qty";

    /** Receives what a file holds, in file order. */
    public interface Sink {
        void tick(BookTicker tick, long lineNumber);

        void malformed(String rawLine, long lineNumber, String reason);
    }

    private TickFileReader() {}

    /** Reads every line of {@code file} into {@code sink}; returns the number of data lines. */
    public static long read(Path file, Sink sink) throws IOException {
        try (BufferedReader r = open(file)) {
            String header = r.readLine();
            if (header == null) return 0;
            header = header.strip();
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            Format format;
            if (header.equals(CANONICAL_HEADER)) format = Format.CANONICAL;
            else if (header.equals(BINANCE_HEADER)) format = Format.BINANCE;
            else throw new IOException(file + ": unknown tick file header '" + header + "' (expected '"
                    + CANONICAL_HEADER + "' or '" + BINANCE_HEADER + "')");
            long n = 0;
            long lineNo = 1;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                n++;
                try {
                    sink.tick(format == Format.CANONICAL ? parseCanonical(line) : parseBinance(line), lineNo);
                } catch (IllegalArgumentException e) {
                    sink.malformed(line, lineNo, e.getMessage());
                }
            }
            return n;
        }
    }

    /** All ticks of a file; throws on the first malformed line. For tests and small files. */
    public static List<BookTicker> readAll(Path file) throws IOException {
        List<BookTicker> out = new ArrayList<>();
        read(file, new Sink() {
            @Override
            public void tick(BookTicker tick, long lineNumber) {
                out.add(tick);
            }

            @Override
            public void malformed(String rawLine, long lineNumber, String reason) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": " + reason);
            }
        });
        return out;
    }

    private enum Format { CANONICAL, BINANCE }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Parses one canonical line; prices keep their exact decimal-to-double value. */
    public static BookTicker parseCanonical(String line) {
        String[] f = split(line, 7);
        String venue = f[1].trim();
        String symbol = f[2].trim();
        return BookTicker.newBuilder()
                .setInstrument(Instruments.canonical(symbol))
                .setVenue(venue)
                .setMarket(Instruments.marketOf(venue))
                .setVenueSymbol(symbol)
                .setReceiveTsUs(parseLong(f[0], "timestamp_us"))
                .setBidPrice(parseDouble(f[3], "bid_price"))
                .setBidQty(parseDouble(f[4], "bid_qty"))
                .setAskPrice(parseDouble(f[5], "ask_price"))
                .setAskQty(parseDouble(f[6], "ask_qty"))
                .setExchangeTsUs(null)
                .setUpdateId(null)
                .build();
    }

    /** Parses one Binance bookTicker CSV line. */
    public static BookTicker parseBinance(String line) {
        String[] f = split(line, 10);
        String venue = f[1].trim();
        String symbol = f[2].trim();
        Long eventMs = f[4].isBlank() ? null : parseLong(f[4], "event_time_ms");
        return BookTicker.newBuilder()
                .setInstrument(Instruments.canonical(symbol))
                .setVenue(venue)
                .setMarket(Instruments.marketOf(venue))
                .setVenueSymbol(symbol)
                .setReceiveTsUs(Math.floorDiv(parseLong(f[0], "local_ts_ns"), 1000L))
                .setUpdateId(f[3].isBlank() ? null : parseLong(f[3], "update_id"))
                .setExchangeTsUs(eventMs == null ? null : eventMs * 1000L)
                .setBidPrice(parseDouble(f[6], "bid_price"))
                .setBidQty(parseDouble(f[7], "bid_qty"))
                .setAskPrice(parseDouble(f[8], "ask_price"))
                .setAskQty(parseDouble(f[9], "ask_qty"))
                .build();
    }

    private static String[] split(String line, int fields) {
        String[] f = line.split(",", -1);
        if (f.length != fields) {
            throw new IllegalArgumentException("expected " + fields + " fields, found " + f.length);
        }
        return f;
    }

    private static long parseLong(String s, String field) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not an integer: '" + s + "'");
        }
    }

    private static double parseDouble(String s, String field) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a number: '" + s + "'");
        }
    }
}
