package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads tick files into {@link BookTicker}s in file order. Two formats, told apart by the header:
 * <ul>
 *   <li>canonical: {@code timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty}</li>
 *   <li>Binance bookTicker: {@code local_ts_ns,venue,symbol,update_id,event_time_ms,transaction_time_ms,
 *       bid_price,bid_qty,ask_price,ask_qty}; receive time becomes {@code local_ts_ns / 1000}</li>
 * </ul>
 * Files ending in {@code .gz} are gunzipped; Avro container files ({@code .avro}) of {@code BookTicker}
 * records, as the recorder writes them, are read as well. A line that does not parse is handed to the
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
        try (Lines lines = lines(file)) {
            long n = 0;
            while (lines.hasNext()) {
                Line line = lines.next();
                n++;
                if (line.tick() != null) sink.tick(line.tick(), line.lineNumber());
                else sink.malformed(line.raw(), line.lineNumber(), line.error());
            }
            return n;
        }
    }

    /**
     * One data line of a tick file (or one record of an Avro file): the tick it holds, or why it holds none.
     *
     * @param lineNumber 1-based line number in the file (the header is line 1); record number for Avro files
     * @param raw        the line as written ({@code null} for Avro records)
     * @param tick       the parsed tick, or {@code null} when the line is malformed
     * @param error      why the line is malformed, or {@code null}
     */
    public record Line(long lineNumber, String raw, BookTicker tick, String error) {
        public boolean isTick() {
            return tick != null;
        }
    }

    /**
     * Opens a tick file for reading line by line, in file order, for streaming consumers (replay, merge).
     * Avro container files ({@code .avro}) of {@link BookTicker} are read too. Blank lines are skipped.
     *
     * @throws IOException when the file cannot be opened or its header names no known format
     */
    public static Lines lines(Path file) throws IOException {
        if (isAvro(file)) return new AvroLines(file);
        BufferedReader r = openText(file);
        try {
            String header = r.readLine();
            Format format = null;
            if (header != null) {
                header = header.strip();
                if (header.startsWith("\uFEFF")) header = header.substring(1);
                if (header.equals(CANONICAL_HEADER)) format = Format.CANONICAL;
                else if (header.equals(BINANCE_HEADER)) format = Format.BINANCE;
                else throw new IOException(file + ": unknown tick file header '" + header + "' (expected '"
                        + CANONICAL_HEADER + "' or '" + BINANCE_HEADER + "')");
            }
            return new TextLines(r, format);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** True for files this reader treats as Avro containers ({@code .avro}). */
    public static boolean isAvro(Path file) {
        return file.getFileName().toString().endsWith(".avro");
    }

    /** The lines of an open tick file; close it when done. I/O errors surface as {@link UncheckedIOException}. */
    public interface Lines extends Iterator<Line>, Closeable {
        @Override
        void close() throws IOException;
    }

    private static final class TextLines implements Lines {
        private final BufferedReader reader;
        private final Format format;
        private long lineNo = 1;
        private Line next;

        TextLines(BufferedReader reader, Format format) {
            this.reader = reader;
            this.format = format;
        }

        @Override
        public boolean hasNext() {
            if (next != null) return true;
            if (format == null) return false;
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    try {
                        next = new Line(lineNo, line, format == Format.CANONICAL ? parseCanonical(line) : parseBinance(line), null);
                    } catch (IllegalArgumentException e) {
                        next = new Line(lineNo, line, null, e.getMessage());
                    }
                    return true;
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Line next() {
            if (!hasNext()) throw new NoSuchElementException();
            Line l = next;
            next = null;
            return l;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class AvroLines implements Lines {
        private final DataFileReader<BookTicker> reader;
        private long recordNo;

        AvroLines(Path file) throws IOException {
            this.reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(BookTicker.class));
        }

        @Override
        public boolean hasNext() {
            return reader.hasNext();
        }

        @Override
        public Line next() {
            return new Line(++recordNo, null, reader.next(), null);
        }

        @Override
        public void close() throws IOException {
            reader.close();
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

    private static BufferedReader openText(Path file) throws IOException {
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
