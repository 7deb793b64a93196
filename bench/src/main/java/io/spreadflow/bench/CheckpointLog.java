package io.spreadflow.bench;

import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checkpoints of one job, from its execution graph's checkpoint statistics (what the REST API's
 * {@code /jobs/<id>/checkpoints} serves): each one printed once as it completes or fails, and a summary
 * over those triggered after the warm-up.
 *
 * <p>Per checkpoint: the end-to-end duration (trigger to the last acknowledgement), the full state size
 * ({@code state_size}: everything a restore reads, shared RocksDB files included) and the checkpointed
 * size ({@code checkpointed_size}: what this checkpoint uploaded, the increment with RocksDB's
 * incremental checkpoints).
 */
final class CheckpointLog {

    /** One completed checkpoint. */
    record Completed(long id, long triggerMs, long durationMs, long fullBytes, long checkpointedBytes, boolean measured) {}

    private final long startMs;
    private final long measureFromMs;
    private final Set<Long> seen = new HashSet<>();
    private final List<Completed> completed = new ArrayList<>();
    private int failedMeasured;

    /**
     * @param startMs       when the first tick was sent (epoch ms): lines show trigger times from there
     * @param measureFromMs checkpoints triggered before this (epoch ms) are the warm-up's: printed, not summarized
     */
    CheckpointLog(long startMs, long measureFromMs) {
        this.startMs = startMs;
        this.measureFromMs = measureFromMs;
    }

    /**
     * Prints the checkpoints that ended since the last call.
     *
     * @param note appended to each line (e.g. the source lag now)
     */
    void poll(AccessExecutionGraph graph, String note) {
        List<AbstractCheckpointStats> ended = new ArrayList<>();
        for (AbstractCheckpointStats c : graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (c.getStatus() != CheckpointStatsStatus.IN_PROGRESS && !seen.contains(c.getCheckpointId())) ended.add(c);
        }
        ended.sort(Comparator.comparingLong(AbstractCheckpointStats::getCheckpointId));
        for (AbstractCheckpointStats c : ended) {
            seen.add(c.getCheckpointId());
            boolean measured = c.getTriggerTimestamp() >= measureFromMs;
            String phase = measured ? "" : " (warm-up)";
            if (c.getStatus() == CheckpointStatsStatus.FAILED) {
                if (measured) failedMeasured++;
                System.out.printf("checkpoint %d at %+.1f s FAILED after %d ms%s%n", c.getCheckpointId(),
                        (c.getTriggerTimestamp() - startMs) / 1e3, c.getEndToEndDuration(), phase);
                continue;
            }
            Completed done = new Completed(c.getCheckpointId(), c.getTriggerTimestamp(), c.getEndToEndDuration(), c.getStateSize(),
                    c.getCheckpointedSize(), measured);
            completed.add(done);
            System.out.printf("checkpoint %d at %+.1f s: %d ms end to end, full state %s, checkpointed %s%s%s%n", done.id(),
                    (done.triggerMs() - startMs) / 1e3, done.durationMs(), size(done.fullBytes()), size(done.checkpointedBytes()), phase, note);
        }
    }

    /** The completed checkpoints triggered after the warm-up, in id order. */
    List<Completed> measured() {
        return completed.stream().filter(Completed::measured).toList();
    }

    /** The latest completed checkpoint, warm-up included; null if none. */
    Completed latest() {
        return completed.isEmpty() ? null : completed.get(completed.size() - 1);
    }

    /**
     * Prints the summary: checkpoints taken and failed after the warm-up, median and max duration, the
     * median checkpointed size, the latest full state size, and that size per instrument.
     *
     * @param instrumentsWithState instruments the engine holds state for (0: unknown)
     */
    void printSummary(int instrumentsWithState, int instrumentsFed) {
        List<Completed> m = measured();
        Completed last = latest();
        if (m.isEmpty() || last == null) {
            System.out.printf("checkpoints after the warm-up: none completed (%d failed)%n", failedMeasured);
            return;
        }
        long[] durations = m.stream().mapToLong(Completed::durationMs).sorted().toArray();
        long[] increments = m.stream().mapToLong(Completed::checkpointedBytes).sorted().toArray();
        long[] fulls = m.stream().mapToLong(Completed::fullBytes).sorted().toArray();
        long over1s = m.stream().filter(c -> c.durationMs() >= 1000).count();
        System.out.printf("checkpoints after the warm-up: %d completed, %d failed; end to end median %d ms, max %d ms, %d of them >= 1 s%n",
                m.size(), failedMeasured, median(durations), durations[durations.length - 1], over1s);
        // RocksDB's files keep overwritten values until they are compacted: the full size moves up and down
        System.out.printf("checkpointed (incremental) size: median %s; full state size: median %s, max %s, latest (checkpoint %d) %s%n",
                size(median(increments)), size(median(fulls)), size(fulls[fulls.length - 1]), last.id(), size(last.fullBytes()));
        if (instrumentsWithState > 0) {
            System.out.printf("state per instrument: %,d bytes (full state %,d bytes / %,d instruments with state; %,d instruments fed)%n",
                    last.fullBytes() / instrumentsWithState, last.fullBytes(), instrumentsWithState, instrumentsFed);
        } else {
            System.out.printf("state per instrument: %,d bytes (full state / %,d instruments fed; instruments with state unknown)%n",
                    last.fullBytes() / Math.max(1, instrumentsFed), instrumentsFed);
        }
    }

    private static long median(long[] sorted) {
        return sorted[(sorted.length - 1) / 2];
    }

    static String size(long bytes) {
        if (bytes < 10_000) return bytes + " B";
        if (bytes < 10_000_000) return String.format("%.1f KB", bytes / 1e3);
        return String.format("%.1f MB", bytes / 1e6);
    }
}
