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
import org.apache.kafka.common.errors.SerializationException;
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
 * fills of a position, sells minus buys minus fees, counted once every leg of an exit intent has filled.
 * Ticks are counted from the input topic's offsets.
 */
final class TopicTally implements AutoCloseable {

    /** The numbers of the summary line. */
    record Counts(long ticks, long signals, long intents, long fills, long deadLetters, BigDecimal pnlQuote, long undecodable) {
        String line() {
            return "ticks=" + ticks + " signals=" + signals + " intents=" + intents + " fills=" + fills
                    + " dead_letters=" + deadLetters + " pnl_quote=" + pnlQuote.stripTrailingZeros().toPlainString()
                    + (undecodable > 0 ? " undecodable=" + undecodable : "");
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
    private long deadLetterCount;
    private long undecodable;
    /** Intents that belong to a position, by id. */
    private final Map<String, OrderIntent> positionIntents = new HashMap<>();
    /** Fills by intent id; they may be read before their intent (another topic). */
    /** Intent ids seen: a restarted job may write an intent to the audit topic again. */
    private final java.util.Set<String> intentIds = new java.util.HashSet<>();
    /** Per intent and leg, the report with the most filled (reports are cumulative per leg and may repeat). */
    private final Map<String, Map<Integer, ExecutionReport>> fillsByIntent = new HashMap<>();

    private record PositionKey(String instrument, long positionId) {}

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
            else {
                // a record of an unknown schema version (or damaged) is counted, not fatal to the tally
                try {
                    if (r.topic().equals(intentsTopic)) onIntent(intents.fromRecord(r));
                    else if (r.topic().equals(executionsTopic)) onReport(reports.fromRecord(r));
                } catch (SerializationException e) {
                    undecodable++;
                }
            }
        }
        return counts();
    }

    private void onIntent(OrderIntent intent) {
        intentIds.add(intent.getIntentId());
        if (intent.getPositionId() != null) positionIntents.put(intent.getIntentId(), intent);
    }

    /** A leg counts as one fill once anything of it filled, whatever status carried it (a partial fill ends CANCELED). */
    private void onReport(ExecutionReport r) {
        if (r.getFilledQty() <= 0 || r.getAvgPrice() == null) return;
        fillsByIntent.computeIfAbsent(r.getIntentId(), k -> new HashMap<>())
                .merge(r.getLegIndex(), r, (a, b) -> b.getFilledQty() >= a.getFilledQty() ? b : a);
    }

    Counts counts() {
        Map<PositionKey, BigDecimal> cash = new HashMap<>();
        Map<PositionKey, Boolean> closed = new HashMap<>();
        for (OrderIntent intent : positionIntents.values()) {
            PositionKey key = new PositionKey(intent.getInstrument(), intent.getPositionId());
            java.util.Collection<ExecutionReport> fills = fillsByIntent.getOrDefault(intent.getIntentId(), Map.of()).values();
            BigDecimal flow = BigDecimal.ZERO;
            java.util.Set<Integer> filledLegs = new java.util.HashSet<>();
            for (ExecutionReport r : fills) {
                BigDecimal notional = BigDecimal.valueOf(r.getFilledQty()).multiply(BigDecimal.valueOf(r.getAvgPrice()));
                flow = flow.add(r.getSide() == Side.SELL ? notional : notional.negate()).subtract(BigDecimal.valueOf(r.getFee()));
                if (r.getStatus() == ExecutionStatus.FILLED) filledLegs.add(r.getLegIndex());
            }
            cash.merge(key, flow, BigDecimal::add);
            if (intent.getPurpose() == IntentPurpose.EXIT && filledLegs.size() == intent.getLegs().size()) closed.put(key, true);
        }
        BigDecimal pnl = BigDecimal.ZERO;
        for (var e : cash.entrySet()) if (closed.containsKey(e.getKey())) pnl = pnl.add(e.getValue());
        long fillCount = fillsByIntent.values().stream().mapToLong(Map::size).sum();
        return new Counts(ticks(), signalCount, intentIds.size(), fillCount, deadLetterCount, pnl.setScale(8, java.math.RoundingMode.HALF_EVEN),
                undecodable);
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
