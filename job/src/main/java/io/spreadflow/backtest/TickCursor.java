package io.spreadflow.backtest;

import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickLine;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.job.source.EngineInput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The backtest's side of reading tick files: the {@link TickFileReader} merges them into one stream
 * (receive time; equal times in file-argument order, then line order), and this numbers every
 * instrument's ticks 0, 1, 2, … in that order and makes them engine inputs. Lines that do not parse come
 * out as rejected events with file, line and reason, in their place. With a {@link TickRouting} it emits
 * one copy per parameter set, and only the keys (and rejected lines) its group owns.
 */
public final class TickCursor implements Iterator<EngineInput>, AutoCloseable {

    private final TickFileReader reader;
    /** The replicas of each recorded instrument, in replica order. */
    private final Map<String, Lane[]> lanes = new HashMap<>();
    private final int replicas;
    private final TickRouting routing;
    private final ArrayDeque<EngineInput> pending = new ArrayDeque<>();
    private boolean exhausted;
    private boolean closed;
    private long emitted;
    private long unreportedTicks;
    private long reportedBytes;

    public TickCursor(List<String> files, int replicas, long skip) {
        this(files, replicas, skip, TickRouting.SINGLE);
    }

    public TickCursor(List<String> files, int replicas, long skip, TickRouting routing) {
        this.replicas = replicas;
        this.routing = routing;
        List<Path> paths = new ArrayList<>(files.size());
        for (String f : files) paths.add(Path.of(f));
        try {
            reader = TickFileReader.open(paths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tick files: " + e.getMessage(), e);
        }
        BacktestProgress.addTotalBytes(reader.totalBytes());
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
        return pending.poll();
    }

    /** Reads lines until this cursor has something to emit; false when the input is exhausted. */
    private boolean fill() {
        while (pending.isEmpty()) {
            if (exhausted || !reader.next()) {
                exhausted = true;
                return false;
            }
            if (!reader.isTick()) {
                if (routing.ownsRejected()) pending.add(rejected(reader.refused()));
                continue;
            }
            TickLine tick = reader.tick();
            for (Lane lane : lanesOf(tick.instrument())) {
                long seq = lane.seq++;
                for (int set = 0; set < lane.keys.length; set++) {
                    if (!lane.owned[set]) continue;
                    EngineInput e = event(tick, seq);
                    e.instrument = lane.name;
                    e.paramSet = set;
                    e.key = lane.keys[set];
                    pending.add(e);
                    unreportedTicks++;
                }
            }
            // progress counters are shared by the source subtasks: report in batches, not per tick
            if (unreportedTicks >= 4096) reportProgress();
        }
        return true;
    }

    private static EngineInput event(TickLine t, long seq) {
        EngineInput e = new EngineInput();
        e.seq = seq;
        e.venue = t.venue();
        e.venueSymbol = t.venueSymbol();
        e.market = t.market().ordinal();
        e.bidPrice = t.bidPrice();
        e.bidQty = t.bidQty();
        e.askPrice = t.askPrice();
        e.askQty = t.askQty();
        e.receiveTsUs = t.receiveTsUs();
        e.exchangeTsUs = t.exchangeTsUs() == TickLine.ABSENT ? EngineInput.ABSENT : t.exchangeTsUs();
        e.updateId = t.updateId() == TickLine.ABSENT ? EngineInput.ABSENT : t.updateId();
        return e;
    }

    private static EngineInput rejected(TickFileReader.RefusedLine line) {
        byte[] raw = line.raw() == null ? new byte[0] : line.raw().getBytes(StandardCharsets.UTF_8);
        return EngineInput.rejected(DeadLetters.of(line.file().toString(), null, line.lineNumber(), raw, line.reason(), null));
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
        long bytes = reader.bytesRead();
        BacktestProgress.read(unreportedTicks, bytes - reportedBytes);
        reportedBytes = bytes;
        unreportedTicks = 0;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        reportProgress();
        reader.close();
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
}
