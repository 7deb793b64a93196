package io.spreadflow.bench;

/**
 * The arguments of the latency harnesses: {@code rate (ticks/s) [warm-up s (20)] [measured s (60)] [ROCKSDB|HASHMAP]
 * [parallelism (2)] [job option ...]}; the job options after the fifth argument go to the job as given, e.g.
 * {@code --spreadflow.state.heap-instruments 1}.
 */
record LatencyArgs(double rate, int warmUpSeconds, int measuredSeconds, String backend, int parallelism, java.util.List<String> jobOptions) {

    static LatencyArgs parse(String[] args) {
        if (args.length == 0) throw new IllegalArgumentException("usage: RATE [WARMUP_S] [MEASURED_S] [ROCKSDB|HASHMAP] [PARALLELISM]");
        return new LatencyArgs(Double.parseDouble(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 20,
                args.length > 2 ? Integer.parseInt(args[2]) : 60, args.length > 3 ? args[3] : "ROCKSDB",
                args.length > 4 ? Integer.parseInt(args[4]) : 2,
                args.length > 5 ? java.util.List.of(args).subList(5, args.length) : java.util.List.of());
    }

    int totalSeconds() {
        return warmUpSeconds + measuredSeconds;
    }
}
