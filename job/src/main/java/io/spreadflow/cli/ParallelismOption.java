package io.spreadflow.cli;

import picocli.CommandLine.Option;

/** {@code --parallelism}: how many parallel instances the engine runs in ({@code @Mixin}). */
public final class ParallelismOption {

    /** Two, so that keyed state and partition assignment are exercised even on a laptop. */
    static final int DEFAULT = 2;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the job (demo: also the task slots of its local cluster). Default: ${DEFAULT-VALUE}")
    int parallelism = DEFAULT;

    /** The parallelism. */
    public int value() {
        return parallelism;
    }
}
