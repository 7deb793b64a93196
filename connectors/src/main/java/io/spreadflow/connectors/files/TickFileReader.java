package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way tick files are read, by replay, the backtester and the tools: one or more files merged
 * into one stream in {@link ReceiveTimeMerge} order (receive time; equal times in file-argument order,
 * then line order), yielding per input line either a tick or a refused line (file, line number, raw
 * text, reason). Formats:
 * <ul>
 *   <li>canonical CSV: {@code timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty}</li>
 *   <li>Binance bookTicker CSV: {@code local_ts_ns,venue,symbol,update_id,event_time_ms,transaction_time_ms,
 *       bid_price,bid_qty,ask_price,ask_qty}; receive time becomes {@code local_ts_ns / 1000}</li>
 *   <li>either, gzipped, when the name ends in {@code .gz}</li>
 *   <li>Avro container files ({@code .avro}) of {@code BookTicker} records, as {@code record --format avro}
 *       writes them</li>
 * </ul>
 * The CSV format is told by the header. Blank lines are skipped. The tick handed out is refilled in
 * place ({@link TickLine}): it is valid until {@link #next} is called again.
 *
 * <pre>{@code
 * try (TickFileReader r = TickFileReader.open(files)) {
 *     while (r.next()) {
 *         if (r.isTick()) use(r.tick()); else refuse(r.refused());
 *     }
 * }
 * }</pre>
 */
public final class TickFileReader implements Closeable {

    public static final String CANONICAL_HEADER = "timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty";
    public static final String BINANCE_HEADER =
            "local_ts_ns,venue,symbol,update_id,event_time_ms,transaction_time_ms,bid_price,bid_qty,ask_price,ask_qty";

    /**
     * A line that holds no tick.
     *
     * @param file       the file as it was named to the reader
     * @param lineNumber 1-based line number in the file (the header is line 1)
     * @param raw        the line as written
     * @param reason     why it is no tick
     */
    public record RefusedLine(Path file, long lineNumber, String raw, String reason) {}

    private final List<OpenTickFile> files;
    private final ReceiveTimeMerge<OpenTickFile> merge;
    private OpenTickFile current;

    private TickFileReader(List<OpenTickFile> files) {
        this.files = files;
        this.merge = new ReceiveTimeMerge<>(files);
    }

    /**
     * Opens the files and reads their headers; nothing is handed out yet.
     *
     * @throws IOException when a file cannot be opened or its header names no known format (all are closed again)
     */
    public static TickFileReader open(List<Path> files) throws IOException {
        List<OpenTickFile> opened = new ArrayList<>(files.size());
        try {
            for (Path f : files) opened.add(OpenTickFile.open(f));
            return new TickFileReader(opened);
        } catch (IOException | RuntimeException e) {
            for (OpenTickFile f : opened) f.close();
            throw e;
        }
    }

    /** Opens one file. */
    public static TickFileReader open(Path file) throws IOException {
        return open(List.of(file));
    }

    /**
     * Moves to the next line in merge order; false when every file is read to its end. An I/O error
     * while reading surfaces as {@link java.io.UncheckedIOException} naming the file.
     */
    public boolean next() {
        if (!merge.advance()) {
            current = null;
            return false;
        }
        current = merge.current();
        return true;
    }

    /** Whether the current line holds a tick; otherwise {@link #refused} says why not. */
    public boolean isTick() {
        return at().isTick();
    }

    /** The current line's tick, valid until {@link #next}. */
    public TickLine tick() {
        OpenTickFile f = at();
        if (!f.isTick()) throw new IllegalStateException(f.path + ":" + f.lineNumber() + " holds no tick");
        return f.tick;
    }

    /** The current line, refused. */
    public RefusedLine refused() {
        OpenTickFile f = at();
        if (f.isTick()) throw new IllegalStateException(f.path + ":" + f.lineNumber() + " is a tick");
        return new RefusedLine(f.path, f.lineNumber(), f.raw(), f.reason());
    }

    /** The file of the current line, as named to {@link #open}. */
    public Path file() {
        return at().path;
    }

    /** The current line's number in its file (header = 1; the record number in an Avro file). */
    public long lineNumber() {
        return at().lineNumber();
    }

    /**
     * The time that placed the current line in the merge: a tick's receive time; for a refused line the
     * receive time of the tick before it in its file ({@link Long#MIN_VALUE} when there is none).
     */
    public long timeUs() {
        return at().timeUs();
    }

    /** Bytes read from all files so far (compressed bytes for {@code .gz}), for progress. */
    public long bytesRead() {
        long n = 0;
        for (OpenTickFile f : files) n += f.bytesRead();
        return n;
    }

    /** The files' sizes on disk, as {@link #bytesRead} counts them. */
    public long totalBytes() {
        long n = 0;
        for (OpenTickFile f : files) n += f.size;
        return n;
    }

    @Override
    public void close() {
        for (OpenTickFile f : files) f.close();
    }

    private OpenTickFile at() {
        if (current == null) throw new IllegalStateException("no current line: call next() first");
        return current;
    }

    /** True for files read as Avro containers ({@code .avro}). */
    public static boolean isAvro(Path file) {
        return file.getFileName().toString().endsWith(".avro");
    }

    /** Every tick of a file, in file order; throws on the first refused line. For tests and small files. */
    public static List<BookTicker> readAll(Path file) throws IOException {
        return readMerged(List.of(file));
    }

    /** Every tick of the files in merge order; throws on the first refused line. For tests and small inputs. */
    public static List<BookTicker> readMerged(List<Path> files) throws IOException {
        List<BookTicker> out = new ArrayList<>();
        try (TickFileReader r = open(files)) {
            while (r.next()) {
                if (!r.isTick()) {
                    RefusedLine bad = r.refused();
                    throw new IllegalArgumentException(bad.file() + ":" + bad.lineNumber() + ": " + bad.reason());
                }
                out.add(r.tick().toBookTicker());
            }
        }
        return out;
    }

    /** Parses one canonical line: the reference parser; prices keep their exact decimal-to-double value. */
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

    /** Parses one Binance bookTicker CSV line: the reference parser. */
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
