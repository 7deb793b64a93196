package io.spreadflow.connectors.convert;

import io.spreadflow.connectors.feed.Quote;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickFileWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes quotes as the canonical tick CSV ({@link TickFileReader#CANONICAL_HEADER}), prices and
 * sizes as the decimal strings the venue sent; {@code symbol} is the venue's symbol. A path ending
 * in {@code .gz} is gzipped.
 */
public final class CanonicalTickCsv implements AutoCloseable {

    private final BufferedWriter out;
    private long rows;

    private CanonicalTickCsv(BufferedWriter out) {
        this.out = out;
    }

    public static CanonicalTickCsv create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        return new CanonicalTickCsv(TickFileWriter.openCanonical(file));
    }

    public void write(Quote q) throws IOException {
        out.write(Long.toString(q.receiveTsUs()));
        out.write(',');
        out.write(q.venue().id());
        out.write(',');
        out.write(q.venueSymbol());
        out.write(',');
        out.write(q.bidPrice());
        out.write(',');
        out.write(q.bidQty());
        out.write(',');
        out.write(q.askPrice());
        out.write(',');
        out.write(q.askQty());
        out.write('\n');
        rows++;
    }

    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
