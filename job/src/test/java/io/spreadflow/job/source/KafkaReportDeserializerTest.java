package io.spreadflow.job.source;

import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaReportDeserializerTest {

    private final KafkaReportDeserializer deserializer = new KafkaReportDeserializer();

    static ExecutionReport report() {
        return ExecutionReport.newBuilder().setIntentId("BTC-USDT|rdn|1").setInstrument("BTC-USDT").setLegIndex(0)
                .setVenue("binance-spot").setSide(Side.BUY).setStatus(ExecutionStatus.FILLED).setFilledQty(0.1)
                .setAvgPrice(60000.0).setIntentEventTsUs(5L).build();
    }

    private EngineInput decode(byte[] value) {
        List<EngineInput> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("executions", 2, 77L, "BTC-USDT".getBytes(StandardCharsets.UTF_8), value),
                new Collector<>() {
                    @Override public void collect(EngineInput r) { out.add(r); }
                    @Override public void close() { }
                });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void aReportBecomesAnEngineInputKeyedByItsInstrument() {
        EngineInput in = decode(AvroBinaryCodec.of(ExecutionReport.class).encode(report()));
        assertThat(in.report).isEqualTo(report());
        assertThat(in.key()).isEqualTo("BTC-USDT");
        assertThat(in.isRejected()).isFalse();
    }

    @Test
    void anUndecodableRecordBecomesADeadLetterWithItsPlaceInsteadOfFailingTheJob() {
        byte[] full = AvroBinaryCodec.of(ExecutionReport.class).encode(report());
        for (byte[] bad : List.of(Arrays.copyOf(full, full.length / 2), "not avro at all".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            EngineInput in = decode(bad);
            assertThat(in.isRejected()).as("dead letter for %d bytes", bad.length).isTrue();
            assertThat(in.report).isNull();
            assertThat(in.deadLetter.getSource()).isEqualTo("executions");
            assertThat(in.deadLetter.getPartition()).isEqualTo(2);
            assertThat(in.deadLetter.getOffset()).isEqualTo(77L);
            assertThat(in.deadLetter.getReason()).startsWith("not an Avro ExecutionReport");
            assertThat(in.deadLetter.getRaw().array()).isEqualTo(bad);
        }
    }
}
