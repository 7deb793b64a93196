package io.spreadflow.backtest;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.job.source.EngineInput;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 * not parse come out as rejected events with file, line and reason. With a {@link TickRouting} it emits
 * one copy per parameter set, and only the keys (and rejected lines) its group owns.
 */
public final class TickCursor implements Iterator<EngineInput>, AutoCloseable {

    private final List<FileHead> heads = new ArrayList<>();
    private final PriorityQueue<FileHead> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.tsUs, b.tsUs);
        return c != 0 ? c : Integer.compare(a.index, b.index);
    });
    /** The replicas of each recorded instrument, in replica order. */
    private final Map<String, Lane[]> lanes = new HashMap<>();
    private final Map<String, TickLine.Names> names = TickLine.nameTable();
    private final int replicas;
    private final TickRouting routing;
    private final List<EngineInput> rejected = new ArrayList<>();
    private final ArrayDeque<EngineInput> pending = new ArrayDeque<>();
    private long emitted;
    private long unreportedTicks;
    private long unreportedBytes;

    public TickCursor(List<String> files, int replicas, long skip) {
        this(files, replicas, skip, TickRouting.SINGLE);
    }

    public TickCursor(List<String> files, int replicas, long skip, TickRouting routing) {
        this.replicas = replicas;
        this.routing = routing;
        long totalBytes = 0;
        for (int i = 0; i < files.size(); i++) {
            Path p = Path.of(files.get(i));
            FileHead h = new FileHead(p, i, names);
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
        boolean more = fill();
        if (!more) close();
        return more;
    }

    @Override
    public EngineInput next() {
        if (!fill()) throw new NoSuchElementException();
        emitted++;
        if (!rejected.isEmpty()) return rejected.remove(0);
        return pending.poll();
    }

    /** Reads lines until this cursor has something to emit; false when the input is exhausted. */
    private boolean fill() {
        while (true) {
            if (!rejected.isEmpty()) {
                if (routing.ownsRejected()) return true;
                rejected.clear();
            }
            if (!pending.isEmpty()) return true;
            FileHead h = queue.poll();
            if (h == null) return false;
            TickLine tick = h.tick;
            if (h.advance(rejected)) queue.add(h);
            long bytes = h.consumedBytes();
            for (Lane lane : lanesOf(tick.instrument)) {
                long seq = lane.seq++;
                for (int set = 0; set < lane.keys.length; set++) {
                    if (!lane.owned[set]) continue;
                    EngineInput e = tick.toEvent(seq);
                    e.instrument = lane.name;
                    e.paramSet = set;
                    e.key = lane.keys[set];
                    pending.add(e);
                    unreportedTicks++;
                }
            }
            unreportedBytes += bytes;
            // progress counters are shared by the source subtasks: report in batches, not per tick
            if (unreportedTicks >= 4096) reportProgress();
        }
    }

    private Lane[] lanesOf(String instrument) {
        Lane[] l = lanes.get(instrument);
        if (l != null) return l;
        l = new Lane[replicas];
        int dash = instrument.indexOf('-');
        for (int r = 0; r < replicas; r++) {
            String name = replicas == 1 ? instrument
                    : dash > 0 ? instrument.substring(0, dash) + r + instrument.substring(dash) : instrument + r;
            l[r] = new Lane(name, routing);
        }
        lanes.put(instrument, l);
        return l;
    }

    private void reportProgress() {
        BacktestProgress.read(unreportedTicks, unreportedBytes);
        unreportedTicks = 0;
        unreportedBytes = 0;
    }

    @Override
    public void close() {
        reportProgress();
        for (FileHead h : heads) h.close();
    }

    /** One instrument as emitted (a replica of a recorded one): its sequence and its key per parameter set. */
    private static final class Lane {
        final String name;
        final String[] keys;
        final boolean[] owned;
        long seq;

        Lane(String name, TickRouting routing) {
            this.name = name;
            keys = new String[routing.sets()];
            owned = new boolean[routing.sets()];
            for (int set = 0; set < keys.length; set++) {
                keys[set] = EngineInput.keyOf(set, name);
                owned[set] = routing.owns(keys[set]);
            }
        }
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
        /** The next tick of this file; {@code spare} is refilled by {@link #advance} and then swapped in. */
        TickLine tick;
        TickLine spare;
        long tsUs;

        FileHead(Path path, int index, Map<String, TickLine.Names> names) {
            this.path = path;
            this.index = index;
            this.tick = new TickLine(names);
            this.spare = new TickLine(names);
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
        boolean advance(List<EngineInput> rejected) {
            if (reader == null) return false;
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    try {
                        spare.parse(line, binance);
                        TickLine parsed = spare;
                        spare = tick;
                        tick = parsed;
                        tsUs = parsed.receiveTsUs;
                        return true;
                    } catch (IllegalArgumentException e) {
                        rejected.add(EngineInput.rejected(DeadLetters.of(path.toString(), null, lineNo, line.getBytes(StandardCharsets.UTF_8), e.getMessage(), null)));
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
