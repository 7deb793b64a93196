package io.spreadflow.cli;

import io.spreadflow.connectors.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spreadflow topics}: creates the project's topics on a Kafka cluster if they are missing. */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates the project's topics (or those of --topics) where missing; existing ones are left alone.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();

    @Mixin
    TopicListOption topics = new TopicListOption();

    @Override
    public Integer call() {
        Map<String, Integer> wanted = topics.wanted();
        List<String> created = Topics.ensureTopics(kafkaOptions.settings(), wanted);
        System.out.println("topics on " + kafkaOptions.bootstrap() + ": " + wanted.keySet() + "; created " + created);
        return 0;
    }
}
