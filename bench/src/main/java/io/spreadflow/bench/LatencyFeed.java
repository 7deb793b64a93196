package io.spreadflow.bench;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ticks of the latency harnesses: a synthetic market of 60 instruments on two venues whose futures basis
 * dislocates every 6–10 s and reverts at 0.5 per second (so that the reference rdn configuration enters and
 * exits about 15 times a second in all), sent at a fixed rate, each tick stamped with the wall-clock time it
 * is sent. The {@code ticks} topic stamps each record with its append time ({@code LogAppendTime}); the
 * producer's acknowledgement tells it, and {@link #appendMs} gives it by the tick's time, which an intent
 * names as its event time.
 */
final class LatencyFeed {

    static final int INSTRUMENTS = 60;

    private final Map<Long, Long> appendMsByTickTs = new ConcurrentHashMap<>();

    /** Creates the ticks topic with broker append times (before any other creates it with the defaults). */
    static void createTicksTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.TICKS.topicName(), Topics.TICKS.partitions(), (short) 1)
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The append time (ms) of the tick of receive time {@code tickTsUs}, or null when none was acknowledged. */
    Long appendMs(long tickTsUs) {
        return appendMsByTickTs.get(tickTsUs);
    }

    /** Sends ticks at a fixed rate for {@code seconds}, stamped with the time they are sent; returns how many. */
    long run(String bootstrap, double rate, int seconds) {
        SyntheticMarket market = new SyntheticMarket(new SyntheticMarket.Settings(7L,
                SyntheticMarket.Settings.DEFAULT.withInstrumentCount(INSTRUMENTS).instruments(), false, rate, nowUs(),
                0.7, -0.05, 0.5, 0.04, 6.0, 10.0, 3.0, 4.5, 1.0, 1.0));
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "1");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            long n = SteadyTicks.send(market, rate, seconds, t -> producer.send(new ProducerRecord<>(Topics.TICKS.topicName(), t.getInstrument(), t),
                    (meta, error) -> {
                        if (error == null) appendMsByTickTs.put(t.getReceiveTsUs(), meta.timestamp());
                    }));
            producer.flush();
            return n;
        }
    }

    /** The wall clock in µs. */
    static long nowUs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
