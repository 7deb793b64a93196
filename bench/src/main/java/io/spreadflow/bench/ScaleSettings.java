package io.spreadflow.bench;

import java.util.List;

/**
 * The arguments of {@link ScaleBench}, defaulted and checked in one place.
 *
 * @param instruments       instruments, each quoted on three venues
 * @param rate              ticks per second over all instruments and venues
 * @param seconds           measured seconds after the warm-up
 * @param checkpointSeconds checkpoint interval, s
 * @param warmUpSeconds     seconds before the measured run (JIT, RocksDB, first checkpoints); their checkpoints are not summarized
 * @param recovery          {@code task}, {@code tm} or {@code none}: which failure to inject
 * @param failAfterSeconds  seconds into the measured run at which the failure is injected
 * @param parallelism       job parallelism (one single-slot TaskManager per subtask)
 * @param backend           {@code ROCKSDB} or {@code HASHMAP}
 */
record ScaleSettings(int instruments, double rate, int seconds, int checkpointSeconds, int warmUpSeconds, String recovery,
                     int failAfterSeconds, int parallelism, String backend) {

    static final String USAGE = """
            usage: ScaleBench [instruments (1000)] [ticks/s (20000)] [measured s (60)] [checkpoint interval s (5)]
                              [--warm-up S (20)] [--recovery task|tm|none (task)] [--fail-after S (half the measured run)]
                              [--parallelism P (2)] [--backend ROCKSDB|HASHMAP (ROCKSDB)]
              --recovery task: one subtask throws once; tm: a TaskManager is shut down in-process and a new one started""";

    ScaleSettings {
        if (instruments < 1) throw new IllegalArgumentException("instruments must be >= 1, was " + instruments);
        if (!(rate > 0)) throw new IllegalArgumentException("ticks/s must be > 0, was " + rate);
        if (seconds < 1) throw new IllegalArgumentException("measured seconds must be >= 1, was " + seconds);
        if (checkpointSeconds < 1) throw new IllegalArgumentException("checkpoint interval must be >= 1 s, was " + checkpointSeconds);
        if (warmUpSeconds < 0) throw new IllegalArgumentException("--warm-up must be >= 0, was " + warmUpSeconds);
        if (!List.of("task", "tm", "none").contains(recovery)) throw new IllegalArgumentException("--recovery must be task, tm or none, was " + recovery);
        if (failAfterSeconds < 0 || failAfterSeconds >= seconds) {
            throw new IllegalArgumentException("--fail-after must be within the measured run (0.." + (seconds - 1) + "), was " + failAfterSeconds);
        }
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism must be >= 1, was " + parallelism);
        if (!List.of("ROCKSDB", "HASHMAP").contains(backend)) throw new IllegalArgumentException("--backend must be ROCKSDB or HASHMAP, was " + backend);
    }

    private static final String[] NAMES = {"instruments", "ticks/s", "measured seconds", "checkpoint interval"};

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    int totalSeconds() {
        return warmUpSeconds + seconds;
    }

    /**
     * Positional arguments first, then {@code --name value} options; {@code --help} prints the usage.
     *
     * @throws IllegalArgumentException naming the argument that is wrong, with the usage
     */
    static ScaleSettings parse(String... args) {
        int[] positional = {1000, 20000, 60, 5};
        int count = 0;
        int warmUp = 20;
        Integer failAfter = null;
        int parallelism = 2;
        String recovery = "task";
        String backend = "ROCKSDB";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (!a.startsWith("--")) {
                    if (count == positional.length) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                    positional[count] = number(NAMES[count], a.replace("_", ""));
                    count++;
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--warm-up" -> warmUp = number(a, v);
                    case "--recovery" -> recovery = v;
                    case "--fail-after" -> failAfter = number(a, v);
                    case "--parallelism" -> parallelism = number(a, v);
                    case "--backend" -> backend = v.toUpperCase(java.util.Locale.ROOT);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return new ScaleSettings(positional[0], positional[1], positional[2], positional[3], warmUp, recovery,
                    failAfter == null ? positional[2] / 2 : failAfter, parallelism, backend);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + System.lineSeparator() + USAGE, e);
        }
    }
}
