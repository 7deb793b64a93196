package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Counts what the job put on its output topics, read from the start of each topic: signals, intents,
 * fills and dead letters, and the quote-currency P&L of the positions that are closed — entry and exit
 * fills of a position, sells minus buys minus fees, counted once every leg of its exit intent has filled.
 * Ticks are counted from the input topic's offsets.
 */
final class TopicTally implements AutoCloseable {

    /** The numbers of the summary line. */
    record Counts(long ticks, long signals, long intents, long fills, long deadLetters, BigDecimal pnlQuote) {
        String line() {
            return "ticks=" + ticks + " signals=" + signals + " intents=" + intents + " fills=" + fills
                    + " dead_letters=" + deadLetters + " pnl_quote=" + pnlQuote.stripTrailingZeros().toPlainString();
        }
    }

    private final String ticksTopic;
    private final String signalsTopic;
    private final String intentsTopic;
    private final String executionsTopic;
    private final String deadLettersTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroSerde<OrderIntent> intents = AvroSerde.orderIntent();
    private final AvroSerde<ExecutionReport> reports = AvroSerde.executionReport();

    private long signalCount;
    private long intentCount;
    private long fillCount;
    private long deadLetterCount;
    private final Map<String, PositionKey> positionOfIntent = new HashMap<>();
    private final Map<PositionKey, Position> positions = new HashMap<>();

    private record PositionKey(String instrument, long positionId) {}

    /** Cash flows of one position and what its exit still waits for. */
    private static final class Position {
        BigDecimal cash = BigDecimal.ZERO;
        final Map<String, Integer> exitLegs = new HashMap<>();
        final Map<String, java.util.Set<Integer>> exitLegsFilled = new HashMap<>();

        boolean closed() {
            if (exitLegs.isEmpty()) return false;
            for (var e : exitLegs.entrySet()) {
                if (exitLegsFilled.getOrDefault(e.getKey(), java.util.Set.of()).size() < e.getValue()) return false;
            }
            return true;
        }
    }

    TopicTally(String bootstrap, String ticks, String signals, String intents, String executions, String deadLetters) {
        this.ticksTopic = ticks;
        this.signalsTopic = signals;
        this.intentsTopic = intents;
        this.executionsTopic = executions;
        this.deadLettersTopic = deadLetters;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(signals, intents, executions, deadLetters)) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads what has arrived since the last call (waits at most {@code wait}) and returns the counts. */
    Counts poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            if (r.topic().equals(signalsTopic)) signalCount++;
            else if (r.topic().equals(deadLettersTopic)) deadLetterCount++;
            else if (r.topic().equals(intentsTopic)) onIntent(intents.fromBytes(r.value()));
            else if (r.topic().equals(executionsTopic)) onReport(reports.fromBytes(r.value()));
        }
        return counts();
    }

    private void onIntent(OrderIntent intent) {
        intentCount++;
        if (intent.getPositionId() == null) return;
        PositionKey key = new PositionKey(intent.getInstrument(), intent.getPositionId());
        positionOfIntent.put(intent.getIntentId(), key);
        Position p = positions.computeIfAbsent(key, k -> new Position());
        if (intent.getPurpose() == IntentPurpose.EXIT) p.exitLegs.put(intent.getIntentId(), intent.getLegs().size());
    }

    private void onReport(ExecutionReport r) {
        boolean filled = r.getStatus() == ExecutionStatus.FILLED || r.getStatus() == ExecutionStatus.PARTIALLY_FILLED;
        if (!filled || r.getFilledQty() <= 0 || r.getAvgPrice() == null) return;
        fillCount++;
        PositionKey key = positionOfIntent.get(r.getIntentId());
        if (key == null) return;
        Position p = positions.computeIfAbsent(key, k -> new Position());
        BigDecimal notional = BigDecimal.valueOf(r.getFilledQty()).multiply(BigDecimal.valueOf(r.getAvgPrice()));
        p.cash = p.cash.add(r.getSide() == Side.SELL ? notional : notional.negate()).subtract(BigDecimal.valueOf(r.getFee()));
        if (r.getStatus() == ExecutionStatus.FILLED && p.exitLegs.containsKey(r.getIntentId())) {
            p.exitLegsFilled.computeIfAbsent(r.getIntentId(), k -> new java.util.HashSet<>()).add(r.getLegIndex());
        }
    }

    Counts counts() {
        BigDecimal pnl = BigDecimal.ZERO;
        for (Position p : positions.values()) if (p.closed()) pnl = pnl.add(p.cash);
        return new Counts(ticks(), signalCount, intentCount, fillCount, deadLetterCount, pnl.setScale(8, java.math.RoundingMode.HALF_EVEN));
    }

    private long ticks() {
        List<TopicPartition> parts = consumer.partitionsFor(ticksTopic, Duration.ofSeconds(10)).stream()
                .map(pi -> new TopicPartition(ticksTopic, pi.partition())).toList();
        long end = consumer.endOffsets(parts, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        long start = consumer.beginningOffsets(parts, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        return end - start;
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (WakeupException ignored) {
            // closing anyway
        }
    }
}
