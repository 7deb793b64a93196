package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * One open tick file at one of its lines: a tick (in {@link #tick}, refilled in place) or a refused
 * line. A refused line has no time of its own: it takes its predecessor's, so the merge keeps it in its
 * place in the file. Text files are read line by line ({@code .gz} gunzipped); an Avro container file
 * ({@code .avro}) record by record, its "line number" being the record number.
 */
final class OpenTickFile implements ReceiveTimeMerge.Source, Closeable {

    final Path path;
    final long size;
    final TickLine tick = new TickLine();
    private final CountingStream counter;
    private final boolean binance;
    private BufferedReader text;
    private DataFileStream<BookTicker> avro;
    private BookTicker record;
    private long lineNumber;
    private String raw;
    private String reason;
    private long timeUs = Long.MIN_VALUE;

    private OpenTickFile(Path path, long size, CountingStream counter, boolean binance, BufferedReader text,
                         DataFileStream<BookTicker> avro, long lineNumber) {
        this.path = path;
        this.size = size;
        this.counter = counter;
        this.binance = binance;
        this.text = text;
        this.avro = avro;
        this.lineNumber = lineNumber;
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws IOException when it cannot be read, or its header names no known format
     */
    static OpenTickFile open(Path file) throws IOException {
        if (TickFileReader.isAvro(file)) AvroContainerCheck.check(file);
        long size = Files.size(file);
        CountingStream counter = new CountingStream(Files.newInputStream(file));
        try {
            if (TickFileReader.isAvro(file)) {
                DataFileStream<BookTicker> avro;
                try {
                    avro = new DataFileStream<>(counter, new SpecificDatumReader<>(BookTicker.class));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": not an Avro file of BookTicker records: " + e.getMessage(), e);
                }
                return new OpenTickFile(file, size, counter, false, null, avro, 0);
            }
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(counter, 1 << 16) : counter;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            String header = r.readLine();
            header = header == null ? "" : header.strip();
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            boolean binance;
            if (header.equals(TickFileReader.CANONICAL_HEADER)) binance = false;
            else if (header.equals(TickFileReader.BINANCE_HEADER)) binance = true;
            else if (header.isEmpty()) {
                // an empty file holds no ticks
                r.close();
                return new OpenTickFile(file, size, counter, false, null, null, 1);
            } else {
                throw new IOException(file + ": unknown tick file header '" + header + "' (expected '"
                        + TickFileReader.CANONICAL_HEADER + "' or '" + TickFileReader.BINANCE_HEADER + "')");
            }
            return new OpenTickFile(file, size, counter, binance, r, null, 1);
        } catch (IOException | RuntimeException e) {
            counter.close();
            throw e;
        }
    }

    /** Moves to the next non-blank line (or Avro record); false at the end of the file, which is then closed. */
    @Override
    public boolean advance() {
        try {
            if (text != null) {
                String line;
                while ((line = text.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) continue;
                    try {
                        tick.parse(line, binance);
                        timeUs = tick.receiveTsUs();
                        reason = null;
                        raw = null;
                    } catch (IllegalArgumentException e) {
                        reason = e.getMessage() == null ? "malformed line" : e.getMessage();
                        raw = line;
                    }
                    return true;
                }
            } else if (avro != null && avro.hasNext()) {
                record = avro.next(record);
                lineNumber++;
                tick.set(record);
                timeUs = tick.receiveTsUs();
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tick file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a damaged Avro block: Avro says so with its own runtime exceptions
            if (avro == null) throw e;
            throw new UncheckedIOException(new IOException("cannot read tick file " + path + ": " + e.getMessage(), e));
        }
        close();
        return false;
    }

    @Override
    public long timeUs() {
        return timeUs;
    }

    boolean isTick() {
        return reason == null;
    }

    /** 1-based line number, the header being line 1; the record number in an Avro file. */
    long lineNumber() {
        return lineNumber;
    }

    /** The refused line as written. */
    String raw() {
        return raw;
    }

    /** Why the line was refused; {@code null} for a tick. */
    String reason() {
        return reason;
    }

    /** Bytes read from the file so far (compressed bytes for {@code .gz}). */
    long bytesRead() {
        return counter.count;
    }

    @Override
    public void close() {
        try {
            if (text != null) text.close();
            else if (avro != null) avro.close();
            else counter.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose on close
        }
        text = null;
        avro = null;
    }

    /** Counts the bytes read from the file, for progress and ETA. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
