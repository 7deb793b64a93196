package io.spreadflow.connectors.convert;

import io.spreadflow.connectors.feed.ContractSpecs;
import io.spreadflow.connectors.feed.FrameParser;
import io.spreadflow.connectors.feed.ParseResult;
import io.spreadflow.connectors.feed.Quote;
import io.spreadflow.connectors.feed.Venue;
import io.spreadflow.schemas.DeadLetter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a recorded raw WebSocket session ({@link RawSessionFormat}) through the same
 * {@link FrameParser}s the live feeds use: each book-ticker frame becomes a {@link Quote} (receive
 * time from the recorder's clock), each book-ticker frame that cannot be read a {@link DeadLetter}
 * with the file, line and reason. Frames of other channels are skipped.
 *
 * <p>A contract-sized quote whose multiplier is unknown stops the read with an error naming the
 * instrument and the line: converting it without the multiplier would be a guess.
 *
 * <pre>{@code
 * try (Stream<SessionRecord> records = RawSessionReader.of(RawSessionFormat.BINANCE_WS).records(file)) { ... }
 * }</pre>
 */
public final class RawSessionReader {

    private final RawSessionFormat format;
    private final ContractSpecs specs;
    private final Venue venue;

    private RawSessionReader(RawSessionFormat format, ContractSpecs specs, Venue venue) {
        this.format = Objects.requireNonNull(format, "format");
        this.specs = Objects.requireNonNull(specs, "specs");
        this.venue = venue;
    }

    /** A reader without contract specs that tells the venue from the file. */
    public static RawSessionReader of(RawSessionFormat format) {
        return new RawSessionReader(format, ContractSpecs.none(), null);
    }

    /** The same reader, converting contract sizes with {@code specs}. */
    public RawSessionReader withSpecs(ContractSpecs specs) {
        return new RawSessionReader(format, specs, venue);
    }

    /** The same reader, taking every frame as {@code venue}'s instead of telling the venue from the file. */
    public RawSessionReader withVenue(Venue venue) {
        return new RawSessionReader(format, specs, venue);
    }

    public RawSessionFormat format() {
        return format;
    }

    /**
     * Every record of {@code file} in file order, read lazily; close the stream to close the file.
     *
     * @throws IllegalArgumentException (when the stream is consumed) naming file and line, on a
     *     contract-sized quote without a multiplier or a cryptofeed file whose venue cannot be told
     */
    public Stream<SessionRecord> records(Path file) throws IOException {
        BufferedReader in = open(file);
        LineDecoder decoder = new LineDecoder(file);
        return in.lines().flatMap(decoder::decode).onClose(() -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Reads {@code file} into {@code sink}; returns how many records it received. */
    public long read(Path file, Consumer<SessionRecord> sink) throws IOException {
        try (Stream<SessionRecord> s = records(file)) {
            long[] n = {0};
            s.forEach(r -> {
                n[0]++;
                sink.accept(r);
            });
            return n[0];
        }
    }

    /** All records of a file; for tests and small files. */
    public List<SessionRecord> readAll(Path file) throws IOException {
        List<SessionRecord> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Decodes the lines of one file in order; keeps the line count and the venue found on line 1. */
    private final class LineDecoder {
        private final Path file;
        private long lineNo;
        private FrameParser parser;

        LineDecoder(Path file) {
            this.file = file;
            if (venue != null) parser = FrameParser.forVenue(venue, specs);
            else if (format == RawSessionFormat.BINANCE_WS) parser = new io.spreadflow.connectors.feed.BinanceBookTickerParser(null, specs);
        }

        Stream<SessionRecord> decode(String line) {
            lineNo++;
            if (line.isBlank()) return Stream.empty();
            return format == RawSessionFormat.BINANCE_WS ? binanceLine(line) : cryptofeedLine(line);
        }

        private Stream<SessionRecord> binanceLine(String line) {
            int space = line.indexOf(' ');
            if (space <= 0) return reject(line, null, "expected '<timestamp> <json>'");
            Long rx = receiveTimeUs(line.substring(0, space));
            if (rx == null) return reject(line, null, "timestamp is not an integer: '" + line.substring(0, space) + "'");
            return parsed(line, rx, parser.parseText(line.substring(space + 1), rx));
        }

        private Stream<SessionRecord> cryptofeedLine(String line) {
            if (lineNo == 1 && line.contains(" <-> ")) {
                if (parser == null) parser = FrameParser.forVenue(cryptofeedVenue(file, line.substring(0, line.indexOf(" <-> "))), specs);
                return Stream.empty();
            }
            if (line.contains(" <- ")) return Stream.empty(); // a frame we sent: subscriptions, pings
            int colon = line.indexOf(": ");
            if (colon <= 0) return reject(line, null, "expected '<epoch seconds>: <frame>'");
            long rx;
            try {
                rx = new BigDecimal(line.substring(0, colon).trim()).movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return reject(line, null, "receive time is not epoch seconds: '" + line.substring(0, colon) + "'");
            }
            if (parser == null) parser = FrameParser.forVenue(cryptofeedVenue(file, null), specs);
            return parsed(line, rx, parser.parseText(line.substring(colon + 2), rx));
        }

        private Stream<SessionRecord> parsed(String line, long rx, ParseResult r) {
            if (r.isIgnorable()) return Stream.empty();
            for (ParseResult.Problem p : r.problems()) {
                if (p.missingSpec() != null) throw new IllegalArgumentException(file + ":" + lineNo + ": " + p.reason(), p.missingSpec());
            }
            if (r.problems().isEmpty() && r.quotes().size() == 1) return Stream.of(new SessionRecord.Tick(r.quotes().get(0), lineNo));
            List<SessionRecord> out = new ArrayList<>(r.quotes().size() + r.problems().size());
            for (Quote q : r.quotes()) out.add(new SessionRecord.Tick(q, lineNo));
            for (ParseResult.Problem p : r.problems()) out.add(rejected(line, rx, p.reason()));
            return out.stream();
        }

        private Stream<SessionRecord> reject(String line, Long rx, String reason) {
            return Stream.of(rejected(line, rx, reason));
        }

        private SessionRecord rejected(String line, Long rx, String reason) {
            byte[] raw = line.getBytes(StandardCharsets.UTF_8);
            DeadLetter d = DeadLetter.newBuilder()
                    .setSource(file.toString())
                    .setPartition(null)
                    .setOffset(lineNo)
                    .setRaw(ByteBuffer.wrap(raw))
                    .setRawText(line)
                    .setReason(reason)
                    .setEventTsUs(rx)
                    .build();
            return new SessionRecord.Rejected(d, lineNo);
        }
    }

    /**
     * Epoch µs from a recorder timestamp in ns, µs, ms or s, told apart by magnitude (an epoch after
     * 1973 in any of those units falls in one band only).
     */
    static Long receiveTimeUs(String ts) {
        long v;
        try {
            v = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (v >= 100_000_000_000_000_000L) return v / 1_000L;
        if (v >= 100_000_000_000_000L) return v;
        if (v >= 100_000_000_000L) return v * 1_000L;
        return v * 1_000_000L;
    }

    /** The venue of a cryptofeed session: from its WebSocket URL, else its file name. */
    static Venue cryptofeedVenue(Path file, String url) {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        Optional<Venue> byUrl = Optional.empty();
        if (u.contains("fstream.binance")) byUrl = Optional.of(Venue.BINANCE_USDM);
        else if (u.contains("dstream.binance")) byUrl = Optional.of(Venue.BINANCE_COINM);
        else if (u.contains("binance")) byUrl = Optional.of(Venue.BINANCE_SPOT);
        else if (u.contains("fx-ws") && u.contains("gate")) byUrl = Optional.of(Venue.GATEIO_FUTURES);
        else if (u.contains("gate")) byUrl = Optional.of(Venue.GATEIO_SPOT);
        else if (u.contains("okx") || u.contains("okex")) byUrl = Optional.of(Venue.OKX_SPOT);
        else if (u.contains("contract.mexc")) byUrl = Optional.of(Venue.MEXC_FUTURES);
        else if (u.contains("mexc")) byUrl = Optional.of(Venue.MEXC_SPOT);
        if (byUrl.isPresent()) return byUrl.get();
        String name = file.getFileName().toString().toUpperCase(Locale.ROOT);
        String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return switch (stem) {
            case "BINANCE" -> Venue.BINANCE_SPOT;
            case "BINANCE_FUTURES" -> Venue.BINANCE_USDM;
            case "BINANCE_DELIVERY" -> Venue.BINANCE_COINM;
            case "GATEIO" -> Venue.GATEIO_SPOT;
            case "GATEIO_FUTURES" -> Venue.GATEIO_FUTURES;
            case "OKX", "OKEX" -> Venue.OKX_SPOT;
            case "MEXC" -> Venue.MEXC_SPOT;
            case "MEXC_FUTURES" -> Venue.MEXC_FUTURES;
            default -> throw new IllegalArgumentException(file + ": cannot tell the venue of this cryptofeed session from its URL '"
                    + url + "' or file name; pass the venue explicitly");
        };
    }
}
