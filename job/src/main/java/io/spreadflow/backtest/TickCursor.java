package io.spreadflow.backtest;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.schemas.BookTicker;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;

/**
 * Merges tick files into one stream ordered by receive time; equal times keep the order of the file
 * arguments, then of the lines. Numbers every instrument's ticks 0, 1, 2, … in that order. Lines that do
 * not parse come out as rejected events with file, line and reason.
 */
public final class TickCursor implements Iterator<TickEvent>, AutoCloseable {

    private final List<FileHead> heads = new ArrayList<>();
    private final PriorityQueue<FileHead> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.tsUs, b.tsUs);
        return c != 0 ? c : Integer.compare(a.index, b.index);
    });
    private final Map<String, long[]> sequences = new HashMap<>();
    private final int replicas;
    private final List<TickEvent> rejected = new ArrayList<>();
    private TickEvent[] pendingCopies;
    private int pendingIndex;
    private long emitted;

    public TickCursor(List<String> files, int replicas, long skip) {
        this.replicas = replicas;
        long totalBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            Path p = Path.of(files.get(i));
            FileHead h = new FileHead(p, i);
            heads.add(h);
            totalBytes += h.size;
            if (h.advance(rejected)) queue.add(h);
        }
        BacktestProgress.addTotalBytes(totalBytes);
        for (long i = 0; i < skip && hasNext(); i++) next();
    }

    /** Events handed out so far (a restored cursor starts after them). */
    public long emitted() {
        return emitted;
    }

    @Override
    public boolean hasNext() {
        boolean more = !rejected.isEmpty() || pendingCopies != null || !queue.isEmpty();
        if (!more) close();
        return more;
    }

    @Override
    public TickEvent next() {
        if (!rejected.isEmpty()) {
            emitted++;
            return rejected.remove(0);
        }
        if (pendingCopies != null) {
            TickEvent e = pendingCopies[pendingIndex++];
            if (pendingIndex == pendingCopies.length) pendingCopies = null;
            emitted++;
            return e;
        }
        FileHead h = queue.poll();
        if (h == null) throw new NoSuchElementException();
        BookTicker tick = h.tick;
        if (h.advance(rejected)) queue.add(h);
        BacktestProgress.tickRead(h.consumedBytes());
        emitted++;
        if (replicas == 1) return TickEvent.of(tick, nextSeq(tick.getInstrument()));
        pendingCopies = new TickEvent[replicas - 1];
        pendingIndex = 0;
        for (int r = 1; r < replicas; r++) pendingCopies[r - 1] = replica(tick, r);
        return replica(tick, 0);
    }

    private TickEvent replica(BookTicker tick, int r) {
        String inst = tick.getInstrument();
        int dash = inst.indexOf('-');
        String name = dash > 0 ? inst.substring(0, dash) + r + inst.substring(dash) : inst + r;
        TickEvent e = TickEvent.of(tick, nextSeq(name));
        e.instrument = name;
        return e;
    }

    private long nextSeq(String instrument) {
        return sequences.computeIfAbsent(instrument, k -> new long[1])[0]++;
    }

    @Override
    public void close() {
        for (FileHead h : heads) h.close();
    }

    /** One open file and its next tick. */
    private static final class FileHead {
        final Path path;
        final int index;
        final long size;
        final CountingStream counter;
        BufferedReader reader;
        boolean binance;
        long lineNo = 1;
        long reported;
        BookTicker tick;
        long tsUs;

        FileHead(Path path, int index) {
            this.path = path;
            this.index = index;
            try {
                this.size = Files.size(path);
                counter = new CountingStream(Files.newInputStream(path));
                InputStream in = path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(counter, 1 << 16) : counter;
                reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                String header = reader.readLine();
                header = header == null ? "" : header.strip();
                if (header.startsWith("\uFEFF")) header = header.substring(1);
                if (header.equals(TickFileReader.CANONICAL_HEADER)) binance = false;
                else if (header.equals(TickFileReader.BINANCE_HEADER)) binance = true;
                else if (header.isEmpty()) close();
                else {
                    close();
                    throw new IllegalArgumentException(path + ": unknown tick file header '" + header + "' (expected '"
                            + TickFileReader.CANONICAL_HEADER + "' or '" + TickFileReader.BINANCE_HEADER + "')");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tick file " + path + ": " + e.getMessage(), e);
            }
        }

        /** Reads the next good line; bad lines go to {@code rejected}. False at end of file. */
        boolean advance(List<TickEvent> rejected) {
            if (reader == null) return false;
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    try {
                        tick = binance ? TickFileReader.parseBinance(line) : TickFileReader.parseCanonical(line);
                        tsUs = tick.getReceiveTsUs();
                        return true;
                    } catch (IllegalArgumentException e) {
                        rejected.add(TickEvent.rejected(line, path + ":" + lineNo, lineNo, e.getMessage()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tick file " + path + ": " + e.getMessage(), e);
            }
            close();
            return false;
        }

        long consumedBytes() {
            long now = counter.count;
            long delta = now - reported;
            reported = now;
            return delta;
        }

        void close() {
            if (reader == null) return;
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only file: nothing to lose on close
            }
            reader = null;
        }
    }

    /** Counts the (compressed) bytes read, for progress and ETA. */
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
