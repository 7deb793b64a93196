package io.spreadflow.backtest;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.io.Serializable;

/**
 * Which engine keys one file-source subtask emits, so that the source can feed its engine subtask
 * directly, without a keyBy shuffle: a key belongs to the engine subtask Flink assigns its key group
 * to ({@code maxParallelism} key groups over {@code groups} subtasks), and source subtask
 * {@code group} emits only those keys, plus (group 0) the rejected lines. Every subtask reads every
 * file, so each key's ticks still come in the one merged order. {@code sets} parameter sets each get
 * their own copy of every tick.
 */
public record TickRouting(int sets, int group, int groups, int maxParallelism) implements Serializable {

    /** One subtask emitting every tick once. */
    public static final TickRouting SINGLE = new TickRouting(1, 0, 1, KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM);

    public TickRouting {
        if (sets < 1) throw new IllegalArgumentException("sets must be >= 1");
        if (groups < 1 || group < 0 || group >= groups) throw new IllegalArgumentException("group " + group + " of " + groups);
        if (maxParallelism < groups) throw new IllegalArgumentException("max parallelism below " + groups);
    }

    public TickRouting forGroup(int g) {
        return new TickRouting(sets, g, groups, maxParallelism);
    }

    boolean owns(String key) {
        return groups == 1 || KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, groups) == group;
    }

    boolean ownsRejected() {
        return group == 0;
    }
}
