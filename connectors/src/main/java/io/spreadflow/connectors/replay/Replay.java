package io.spreadflow.connectors.replay;

import io.spreadflow.connectors.convert.RawSessionReader;
import io.spreadflow.connectors.convert.SessionRecord;
import io.spreadflow.connectors.files.ReceiveTimeMerge;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickLine;
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
 * Plays recorded tick files into Kafka: the files are read through the {@link TickFileReader}, merged
 * by receive time in {@link ReceiveTimeMerge} order, and published through a {@link TickPublisher},
 * paced in event time at a {@link ReplaySpeed}. A line that does not parse becomes a {@link DeadLetter}
 * (file, line number, raw text, reason) on the dead-letter topic, in its place in the stream, and the
 * replay goes on.
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
        long outOfOrder = 0;
        boolean complete = true;
        try (TickFileReader reader = TickFileReader.open(inputs)) {
            EventTimePacer pacer = new EventTimePacer(speed);
            long last = Long.MIN_VALUE;
            while (reader.next()) {
                if (reader.isTick()) {
                    TickLine tick = reader.tick();
                    long ts = tick.receiveTsUs();
                    if (ts < last) outOfOrder++;
                    last = Math.max(last, ts);
                    pacer.awaitDue(ts);
                    publisher.publish(tick.toBookTicker());
                } else {
                    publisher.deadLetter(deadLetter(reader.refused(), reader.timeUs()));
                }
            }
        } catch (InterruptedException | InterruptException e) {
            // flush what was sent before stopping; the caller sees the interrupt again afterwards
            Thread.interrupted();
            complete = false;
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
            List<SessionRecords> sources = new ArrayList<>();
            for (Stream<SessionRecord> s : opened) sources.add(new SessionRecords(s.iterator()));
            ReceiveTimeMerge<SessionRecords> merged = new ReceiveTimeMerge<>(sources);
            EventTimePacer pacer = new EventTimePacer(speed);
            long last = Long.MIN_VALUE;
            while (merged.advance()) {
                SessionRecord next = merged.current().record;
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

    /** A session's records as a merge source: a rejected frame keeps its place in its file by taking its predecessor's time. */
    private static final class SessionRecords implements ReceiveTimeMerge.Source {
        private final Iterator<SessionRecord> records;
        private SessionRecord record;
        private long timeUs = Long.MIN_VALUE;

        SessionRecords(Iterator<SessionRecord> records) {
            this.records = records;
        }

        @Override
        public boolean advance() {
            if (!records.hasNext()) return false;
            record = records.next();
            if (record instanceof SessionRecord.Tick t) timeUs = t.quote().receiveTsUs();
            return true;
        }

        @Override
        public long timeUs() {
            return timeUs;
        }
    }

    /** The dead letter of a refused line; {@code eventTsUs} is the time that placed it ({@link Long#MIN_VALUE}: none). */
    public static DeadLetter deadLetter(TickFileReader.RefusedLine line, long eventTsUs) {
        String raw = line.raw() == null ? "" : line.raw();
        return DeadLetter.newBuilder()
                .setSource(line.file().toString())
                .setPartition(null)
                .setOffset(line.lineNumber())
                .setRaw(ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)))
                .setRawText(raw)
                .setReason(line.reason() == null ? "malformed line" : line.reason())
                .setEventTsUs(eventTsUs == Long.MIN_VALUE ? null : eventTsUs)
                .build();
    }
}
