package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes ticks as a canonical tick CSV ({@link TickFileReader#CANONICAL_HEADER}), gzipped when the
 * name ends in {@code .gz}, or as an Avro container file of {@code BookTicker} records when it ends in
 * {@code .avro} (what {@code record --format avro} writes). Numbers in CSV are written in plain decimal notation with the shortest digits
 * that read back to the same double ({@code 0.00003528}, not {@code 3.528E-5}; {@code 89}, not
 * {@code 89.0}), so a file read and written again is unchanged.
 *
 * <p>The canonical format holds receive time, venue, symbol and top of book; exchange time and
 * update id are not part of it (Avro files keep them).
 */
public final class TickFileWriter implements Closeable, Flushable {

    private final BufferedWriter out;
    private final DataFileWriter<BookTicker> avro;
    private long rows;

    private TickFileWriter(BufferedWriter out, DataFileWriter<BookTicker> avro) {
        this.out = out;
        this.avro = avro;
    }

    /** Creates (or truncates) {@code file}: Avro when the name ends in {@code .avro}, else CSV with its header. */
    public static TickFileWriter create(Path file) throws IOException {
        if (TickFileReader.isAvro(file)) return createAvro(file);
        return new TickFileWriter(openCanonical(file), null);
    }

    /** Creates (or truncates) an Avro container file of {@code BookTicker} records, whatever its name. */
    public static TickFileWriter createAvro(Path file) throws IOException {
        DataFileWriter<BookTicker> w = new DataFileWriter<>(new SpecificDatumWriter<>(BookTicker.class));
        w.setCodec(CodecFactory.deflateCodec(1));
        try {
            w.create(BookTicker.getClassSchema(), file.toFile());
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        return new TickFileWriter(null, w);
    }

    /**
     * Creates (or truncates) a canonical tick CSV, gzipped when the name ends in {@code .gz}, and
     * writes its header: the rows are the caller's to write.
     */
    public static BufferedWriter openCanonical(Path file) throws IOException {
        OutputStream os = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) os = new GZIPOutputStream(os, 1 << 16);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        w.write(TickFileReader.CANONICAL_HEADER);
        w.write('\n');
        return w;
    }

    /** The canonical CSV line of a tick, without line break. */
    public static String canonicalLine(BookTicker t) {
        return t.getReceiveTsUs() + "," + t.getVenue() + "," + t.getVenueSymbol() + ","
                + decimal(t.getBidPrice()) + "," + decimal(t.getBidQty()) + ","
                + decimal(t.getAskPrice()) + "," + decimal(t.getAskQty());
    }

    /** Plain decimal form of a double, shortest round-trip digits, no exponent, no trailing zeros. */
    public static String decimal(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    public void write(BookTicker tick) throws IOException {
        if (avro != null) {
            avro.append(tick);
        } else {
            out.write(canonicalLine(tick));
            out.write('\n');
        }
        rows++;
    }

    /** Data rows written so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void flush() throws IOException {
        if (avro != null) avro.flush();
        else out.flush();
    }

    @Override
    public void close() throws IOException {
        if (avro != null) avro.close();
        else out.close();
    }
}
