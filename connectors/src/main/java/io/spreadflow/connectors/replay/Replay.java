package io.spreadflow.connectors.replay;

import io.spreadflow.connectors.convert.RawSessionReader;
import io.spreadflow.connectors.convert.SessionRecord;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickMerge;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.common.errors.InterruptException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plays recorded tick files into Kafka: the files are merged by receive time in {@link TickMerge}
 * order and published through a {@link TickPublisher}, paced in event time at a {@link ReplaySpeed}.
 * A line that does not parse becomes a {@link DeadLetter} (file, line number, raw text, reason) on
 * the dead-letter topic, in its place in the stream, and the replay goes on.
 *
 * <p>{@link #runSessions} does the same for recorded raw WebSocket sessions, read through the
 * {@link RawSessionReader} (the live feeds' own frame parsers): each book-ticker frame is a tick, each
 * book-ticker frame that cannot be read a dead letter.
 */
public final class Replay {

    /**
     * What a replay did.
     *
     * @param published    ticks acknowledged by Kafka
     * @param deadLettered malformed lines acknowledged on the dead-letter topic
     * @param outOfOrder   ticks earlier than the tick published before them (files not in time order)
     * @param complete     false when the replay was interrupted before the end of its input
     */
    public record Result(long published, long deadLettered, long outOfOrder, boolean complete) {}

    private Replay() {}

    /**
     * Replays {@code inputs} (canonical CSV, Binance CSV, {@code .gz}, or Avro) into {@code publisher}
     * and waits for every acknowledgement. Interrupting the calling thread stops the replay after
     * flushing what was sent; the result then says {@code complete=false}.
     *
     * @throws IOException when a file cannot be opened or its header is not a tick file header (before anything is sent)
     */
    public static Result run(List<Path> inputs, ReplaySpeed speed, TickPublisher publisher) throws IOException {
        long published0 = publisher.published();
        long dead0 = publisher.deadLettered();
        List<TickFileReader.Lines> opened = new ArrayList<>();
        long outOfOrder = 0;
        boolean complete = true;
        try {
            for (Path p : inputs) opened.add(TickFileReader.lines(p));
            List<Iterator<Placed>> sources = new ArrayList<>();
            for (int i = 0; i < opened.size(); i++) sources.add(new Placing(inputs.get(i), opened.get(i)));
            Iterator<Placed> merged = TickMerge.merge(sources, Placed::timeUs);
            EventTimePacer pacer = new EventTimePacer(speed);
            long last = Long.MIN_VALUE;
            while (merged.hasNext()) {
                Placed next = merged.next();
                TickFileReader.Line line = next.line();
                if (line.isTick()) {
                    BookTicker tick = line.tick();
                    if (tick.getReceiveTsUs() < last) outOfOrder++;
                    last = Math.max(last, tick.getReceiveTsUs());
                    pacer.awaitDue(tick.getReceiveTsUs());
                    publisher.publish(tick);
                } else {
                    publisher.deadLetter(deadLetter(next.file(), line, next.timeUs()));
                }
            }
        } catch (InterruptedException | InterruptException e) {
            // flush what was sent before stopping; the caller sees the interrupt again afterwards
            Thread.interrupted();
            complete = false;
        } finally {
            for (TickFileReader.Lines l : opened) l.close();
        }
        publisher.flush();
        if (!complete) Thread.currentThread().interrupt();
        return new Result(publisher.published() - published0, publisher.deadLettered() - dead0, outOfOrder, complete);
    }

    /**
     * Replays recorded raw WebSocket sessions (one {@link RawSessionReader} format for all of them),
     * merged by receive time like tick files, into {@code publisher} and waits for every
     * acknowledgement. Frames of other channels (trades, depth) are skipped; a book-ticker frame that
     * cannot be read is dead-lettered with its file, line and reason. Interrupting the calling thread
     * stops the replay as {@link #run} does.
     *
     * @throws IOException when a file cannot be opened (before anything is sent)
     * @throws IllegalArgumentException naming file and line, when a contract-sized quote has no
     *     multiplier in the reader's specs or a cryptofeed session's venue cannot be told; what came
     *     before it has been handed to the publisher
     */
    public static Result runSessions(List<Path> inputs, RawSessionReader reader, ReplaySpeed speed, TickPublisher publisher)
            throws IOException {
        long published0 = publisher.published();
        long dead0 = publisher.deadLettered();
        List<Stream<SessionRecord>> opened = new ArrayList<>();
        long outOfOrder = 0;
        boolean complete = true;
        try {
            for (Path p : inputs) opened.add(reader.records(p));
            List<Iterator<PlacedRecord>> sources = new ArrayList<>();
            for (Stream<SessionRecord> s : opened) sources.add(new PlacingRecords(s.iterator()));
            Iterator<PlacedRecord> merged = TickMerge.merge(sources, PlacedRecord::timeUs);
            EventTimePacer pacer = new EventTimePacer(speed);
            long last = Long.MIN_VALUE;
            while (merged.hasNext()) {
                SessionRecord next = merged.next().record();
                if (next instanceof SessionRecord.Tick t) {
                    BookTicker tick = t.quote().toBookTicker();
                    if (tick.getReceiveTsUs() < last) outOfOrder++;
                    last = Math.max(last, tick.getReceiveTsUs());
                    pacer.awaitDue(tick.getReceiveTsUs());
                    publisher.publish(tick);
                } else if (next instanceof SessionRecord.Rejected r) {
                    publisher.deadLetter(r.deadLetter());
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.interrupted();
            complete = false;
        } finally {
            for (Stream<SessionRecord> s : opened) s.close();
        }
        publisher.flush();
        if (!complete) Thread.currentThread().interrupt();
        return new Result(publisher.published() - published0, publisher.deadLettered() - dead0, outOfOrder, complete);
    }

    /** A session record with the time that places it in the merge. */
    private record PlacedRecord(SessionRecord record, long timeUs) {}

    /** As {@link Placing}: a rejected frame keeps its place in its file by taking its predecessor's time. */
    private static final class PlacingRecords implements Iterator<PlacedRecord> {
        private final Iterator<SessionRecord> records;
        private long lastTimeUs = Long.MIN_VALUE;

        PlacingRecords(Iterator<SessionRecord> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public PlacedRecord next() {
            SessionRecord r = records.next();
            if (r instanceof SessionRecord.Tick t) lastTimeUs = t.quote().receiveTsUs();
            return new PlacedRecord(r, lastTimeUs);
        }
    }

    /** The dead letter of a malformed line. */
    public static DeadLetter deadLetter(Path file, TickFileReader.Line line, long eventTsUs) {
        String raw = line.raw() == null ? "" : line.raw();
        return DeadLetter.newBuilder()
                .setSource(file.toString())
                .setPartition(null)
                .setOffset(line.lineNumber())
                .setRaw(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)))
                .setRawText(raw)
                .setReason(line.error() == null ? "malformed line" : line.error())
                .setEventTsUs(eventTsUs == Long.MIN_VALUE ? null : eventTsUs)
                .build();
    }

    /** A line with the time that places it in the merge. */
    private record Placed(Path file, TickFileReader.Line line, long timeUs) {}

    /** A malformed line has no time of its own: it takes its predecessor's, so it keeps its place in its file. */
    private static final class Placing implements Iterator<Placed> {
        private final Path file;
        private final TickFileReader.Lines lines;
        private long lastTimeUs = Long.MIN_VALUE;

        Placing(Path file, TickFileReader.Lines lines) {
            this.file = file;
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            return lines.hasNext();
        }

        @Override
        public Placed next() {
            TickFileReader.Line l = lines.next();
            if (l.isTick()) lastTimeUs = l.tick().getReceiveTsUs();
            return new Placed(file, l, lastTimeUs);
        }
    }
}
