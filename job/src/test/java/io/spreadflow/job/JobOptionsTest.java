package io.spreadflow.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOptionsTest {

    @Test
    void defaultsNeedNoArguments() {
        Configuration c = JobOptions.fromArgs();
        assertThat(c.get(JobOptions.TICKS_TOPIC)).isEqualTo("ticks");
        assertThat(c.get(JobOptions.DEAD_LETTER_TOPIC)).isEqualTo("ticks.dlq");
        assertThat(c.get(JobOptions.STATE_BACKEND)).isEqualTo(JobOptions.StateBackend.ROCKSDB);
        assertThat(c.getOptional(JobOptions.STRATEGY_CONFIG)).isEmpty();
    }

    @Test
    void shortNamesFullKeysAndEqualsFormAllSetOptions() {
        Configuration c = JobOptions.fromArgs("--bootstrap", "broker:9093", "--config", "/etc/rdn.yaml",
                "--spreadflow.topic.ticks", "ticks-eu", "--checkpoint-interval=30 s", "--state-backend", "hashmap");
        assertThat(c.get(JobOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
        assertThat(c.get(JobOptions.STRATEGY_CONFIG)).isEqualTo("/etc/rdn.yaml");
        assertThat(c.get(JobOptions.TICKS_TOPIC)).isEqualTo("ticks-eu");
        assertThat(c.get(JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(JobOptions.STATE_BACKEND)).isEqualTo(JobOptions.StateBackend.HASHMAP);
    }

    @Test
    void theRunEpochIsTheBuildTimeUnlessGivenAndNeverZero() {
        long before = java.time.Instant.now().getEpochSecond();
        long epoch = SpreadflowJob.runEpoch(JobOptions.fromArgs());
        assertThat(epoch).isBetween(before, java.time.Instant.now().getEpochSecond());
        assertThat(SpreadflowJob.runEpoch(JobOptions.fromArgs("--run-epoch", "1796443200"))).isEqualTo(1_796_443_200L);
        assertThatThrownBy(() -> SpreadflowJob.runEpoch(JobOptions.fromArgs("--run-epoch", "0")))
                .hasMessageContaining("spreadflow.execution.run-epoch");
    }

    @Test
    void theKafkaClientConfigFileReachesTheJobsKafkaSettingsAndATypoIsAnError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        var kafka = JobOptions.kafkaClient(JobOptions.fromArgs("--bootstrap", "broker:9093", "--kafka-config", file.toString()));
        assertThat(kafka.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(JobOptions.kafkaClient(JobOptions.fromArgs()).properties()).isEmpty();
        java.nio.file.Files.writeString(file, "securty.protocol=SASL_SSL\n");
        assertThatThrownBy(() -> JobOptions.kafkaClient(JobOptions.fromArgs("--kafka-config", file.toString())))
                .hasMessageContaining("securty.protocol");
    }

    @Test
    void badArgumentsFailNamingTheArgument() {
        assertThatThrownBy(() -> JobOptions.fromArgs("--bootstrapp", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bootstrapp").hasMessageContaining("spreadflow.kafka.bootstrap-servers");
        assertThatThrownBy(() -> JobOptions.fromArgs("--config")).hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> JobOptions.fromArgs("--parallelism", "two")).hasMessageContaining("spreadflow.parallelism");
        assertThatThrownBy(() -> JobOptions.fromArgs("localhost:9092")).hasMessageContaining("unexpected argument");
    }

    @Test
    void flinkSettingsFollowTheOptionsWithKryoOff() {
        Configuration flink = SpreadflowJob.flinkConfiguration(JobOptions.fromArgs("--parallelism", "3", "--checkpoint-interval", "5 s",
                "--checkpoint-dir", "file:///tmp/cp"));
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///tmp/cp");
        assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(flink.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(flink.get(JobOptions.PARALLELISM)).as("the job's own options travel along").isEqualTo(3);
    }

    @Test
    void restartsBackOffFromHalfASecondToAtMostFiveSecondsWithLocalRecovery() {
        Configuration flink = SpreadflowJob.flinkConfiguration(JobOptions.fromArgs("--checkpoint-interval", "1 s"));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF)).isEqualTo(Duration.ofMillis(500));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)).isEqualTo(Duration.ofSeconds(5));
        assertThat(flink.get(StateRecoveryOptions.LOCAL_RECOVERY)).isTrue();
    }
}
