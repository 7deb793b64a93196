package io.spreadflow.backtest;

import java.nio.file.Path;
import java.util.List;

/** Where a backtest's ticks come from. */
public sealed interface BacktestInput {

    /**
     * Tick files (canonical or Binance CSV, optionally gzipped), merged by receive time.
     *
     * @param replicas copies of every tick under distinct instruments (benchmarks); 1 = as recorded
     */
    record Files(List<Path> files, int replicas) implements BacktestInput {
        public Files {
            files = List.copyOf(files);
            if (files.isEmpty()) throw new IllegalArgumentException("no input files given");
        }

        public Files(List<Path> files) {
            this(files, 1);
        }
    }

    /** The job's Avro {@code ticks} topic, read from the earliest to the latest offset at start. */
    record Topic(String topic, String bootstrapServers) implements BacktestInput {}
}
