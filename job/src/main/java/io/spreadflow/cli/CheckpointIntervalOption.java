package io.spreadflow.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code --checkpoint-interval} of a live job ({@code @Mixin}); each command passes its default
 * (the job's {@code spreadflow.checkpoint.interval}, or a shorter one for the demo).
 */
public final class CheckpointIntervalOption {

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Checkpoint interval, e.g. 5s, 1m, PT10S; 0s for none. Default: ${DEFAULT-VALUE}")
    Duration interval;

    CheckpointIntervalOption(Duration defaultInterval) {
        this.interval = defaultInterval;
    }

    /** The interval; zero turns checkpoints off. */
    public Duration value() {
        return interval;
    }
}
