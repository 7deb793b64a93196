package io.spreadflow.job.source;

import io.spreadflow.job.serde.AvroBinaryCodec;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.Market;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.util.Collector;
import io.spreadflow.schemas.SchemaCatalogue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTickDeserializerTest {

    private static final String TOPIC = "ticks";
    private final KafkaTickDeserializer deserializer = new KafkaTickDeserializer();
    private final AvroBinaryCodec<BookTicker> codec = AvroBinaryCodec.of(BookTicker.class);

    static BookTicker tick() {
        return BookTicker.newBuilder()
                .setInstrument("BTC-USDT").setVenue("binance-spot").setMarket(Market.SPOT).setVenueSymbol("BTCUSDT")
                .setBidPrice(60000.1).setBidQty(0.5).setAskPrice(60000.2).setAskQty(0.7)
                .setReceiveTsUs(1_735_689_600_123_456L).setExchangeTsUs(null).setUpdateId(42L)
                .build();
    }

    private List<EngineInput> decode(byte[] value, int partition, long offset) throws IOException {
        List<EngineInput> out = new ArrayList<>();
        // as the current writers send it: the value with the headers naming its schema
        deserializer.deserialize(new ConsumerRecord<>(TOPIC, partition, offset, -1L, TimestampType.NO_TIMESTAMP_TYPE, 0,
                        value == null ? 0 : value.length, "BTC-USDT".getBytes(StandardCharsets.UTF_8), value, codec.headers(), Optional.empty()),
                new Collector<>() {
                    @Override public void collect(EngineInput record) { out.add(record); }
                    @Override public void close() { }
                });
        return out;
    }

    private DeadLetter deadLetterOf(byte[] value) throws IOException {
        List<EngineInput> out = decode(value, 3, 1234L);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isRejected()).as("dead letter expected").isTrue();
        DeadLetter d = out.get(0).deadLetter;
        assertThat(d.getSource()).isEqualTo(TOPIC);
        assertThat(d.getPartition()).isEqualTo(3);
        assertThat(d.getOffset()).isEqualTo(1234L);
        assertThat(d.getRaw().array()).isEqualTo(value == null ? new byte[0] : value);
        return d;
    }

    @Test
    void decodesPlainBinaryAvroTick() throws IOException {
        List<EngineInput> out = decode(codec.encode(tick()), 0, 0);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isRejected()).isFalse();
        assertThat(out.get(0).toBookTicker()).isEqualTo(tick());
        assertThat(out.get(0).seq).as("the offset is the input sequence").isEqualTo(0L);
    }

    @Test
    void truncatedAvroBecomesDeadLetterWithReason() throws IOException {
        byte[] full = codec.encode(tick());
        for (int cut = 1; cut < full.length; cut++) {
            DeadLetter d = deadLetterOf(Arrays.copyOf(full, cut));
            assertThat(d.getReason()).as("cut at %d", cut).contains("BookTicker").contains("truncated");
        }
    }

    @Test
    void garbageClaimingAHugeStringIsRejectedWithoutAllocatingIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(bytes, null);
        e.writeLong(1_500_000_000L); // instrument string length far beyond the record
        e.flush();
        byte[] value = Arrays.copyOf(bytes.toByteArray(), 16);
        DeadLetter d = deadLetterOf(value);
        assertThat(d.getReason()).contains("truncated").contains("1500000000");
    }

    @Test
    void csvLineBecomesDeadLetterKeepingTheText() throws IOException {
        String line = "1760156314411877,mexc-spot,LUNC_USDT,abc,51276803.49,0.00003541,10750236.48";
        DeadLetter d = deadLetterOf(line.getBytes(StandardCharsets.UTF_8));
        assertThat(d.getRawText()).isEqualTo(line);
        assertThat(d.getReason()).contains("BookTicker");
    }

    @Test
    void trailingBytesAfterARecordAreRejected() throws IOException {
        byte[] full = codec.encode(tick());
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        assertThat(deadLetterOf(longer).getReason()).contains("trailing");
    }

    @Test
    void nullAndEmptyValuesAreRejected() throws IOException {
        assertThat(deadLetterOf(null).getReason()).contains("null");
        assertThat(deadLetterOf(new byte[0]).getReason()).contains("empty");
    }

    @Test
    void enumIndexOutOfRangeIsRejected() throws IOException {
        byte[] full = codec.encode(tick());
        // instrument (1 + 8 bytes), venue (1 + 12 bytes), then the market enum index
        int marketAt = 1 + "BTC-USDT".length() + 1 + "binance-spot".length();
        full[marketAt] = 0x7e; // zig-zag 63: no such Market symbol
        assertThat(deadLetterOf(full).getReason()).contains("Market");
    }

    @Test
    void anUnknownWriterFingerprintBecomesADeadLetterNamingIt() {
        byte[] value = codec.encode(tick());
        RecordHeaders headers = new RecordHeaders();
        headers.add(SchemaCatalogue.SCHEMA_HEADER, "io.spreadflow.schemas.BookTicker@7".getBytes(StandardCharsets.UTF_8));
        headers.add(SchemaCatalogue.FINGERPRINT_HEADER, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        List<EngineInput> out = new ArrayList<>();

        deserializer.deserialize(new ConsumerRecord<>(TOPIC, 0, 5L, -1L, TimestampType.NO_TIMESTAMP_TYPE, 0, value.length,
                        null, value, headers, Optional.empty()),
                new Collector<>() {
                    @Override public void collect(EngineInput record) { out.add(record); }
                    @Override public void close() { }
                });

        assertThat(out).hasSize(1);
        assertThat(out.get(0).isRejected()).isTrue();
        assertThat(out.get(0).deadLetter.getReason())
                .isEqualTo("unknown writer schema fingerprint 0000000000000001 (io.spreadflow.schemas.BookTicker@7): "
                        + "not in the schema catalogue of this release");
    }

    @Test
    void aCurrentRecordWithoutHeadersIsReadAsVersion1AndRefused() {
        byte[] value = codec.encode(tick());
        List<EngineInput> out = new ArrayList<>();

        deserializer.deserialize(new ConsumerRecord<>(TOPIC, 0, 7L, null, value), new Collector<>() {
            @Override public void collect(EngineInput record) { out.add(record); }
            @Override public void close() { }
        });

        assertThat(out).singleElement().satisfies(e -> assertThat(e.deadLetter.getReason()).contains("trailing bytes"));
    }

    @Test
    void theHeadersTheCodecWritesDecodeBackToTheTick() {
        byte[] value = codec.encode(tick());
        List<EngineInput> out = new ArrayList<>();

        deserializer.deserialize(new ConsumerRecord<>(TOPIC, 0, 6L, -1L, TimestampType.NO_TIMESTAMP_TYPE, 0, value.length,
                        null, value, codec.headers(), Optional.empty()),
                new Collector<>() {
                    @Override public void collect(EngineInput record) { out.add(record); }
                    @Override public void close() { }
                });

        assertThat(out).singleElement().extracting(EngineInput::toBookTicker).isEqualTo(tick());
    }
}
