package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spreadflow topics}: creates the project's topics on a Kafka cluster if they are missing. */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates the topics (ticks, signals, order-intents, executions, ticks.dlq) where missing; existing ones are left alone.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();

    @Option(names = "--topics", paramLabel = "NAME[:PARTITIONS],...",
            description = "topics to create. Default: ticks:4,signals:4,order-intents:4,executions:4,ticks.dlq:1")
    String topics;

    @Override
    public Integer call() {
        Map<String, Integer> wanted = topics == null ? Topics.defaults() : Topics.parse(topics);
        List<String> created = Topics.ensureTopics(kafkaOptions.settings(), wanted);
        System.out.println("topics on " + kafkaOptions.bootstrap() + ": " + wanted.keySet() + "; created " + created);
        return 0;
    }
}
