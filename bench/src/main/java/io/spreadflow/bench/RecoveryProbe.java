package io.spreadflow.bench;

import io.spreadflow.job.source.EngineInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pass-through step chained to the ticks source of the {@link ScaleBench} job: it injects the task
 * failure and sees when ticks flow again after a restart. Every tick carries the wall-clock time it was
 * sent ({@code receiveTsUs}), so the lag here is how far the job is behind its input; the source slows
 * down when the engine behind it does (back-pressure), so a small lag here means the engine keeps up.
 *
 * <p>The figures are static fields: the benchmark runs Flink in its own JVM (MiniCluster), where the
 * job's instances and the harness share these classes. They are meaningless on a real cluster.
 */
final class RecoveryProbe extends RichMapFunction<EngineInput, EngineInput> {

    private static final long serialVersionUID = 1L;

    /** A lag below this after a restart counts as caught up with the input. */
    static final long CAUGHT_UP_MS = 1_000;

    /** Set by the harness: the next tick through any subtask throws (once). */
    static final AtomicBoolean FAIL_NEXT = new AtomicBoolean();
    /** When the failure was injected (the throw, or the TaskManager's termination), epoch ms; 0 = none. */
    static volatile long failedAtMs;
    /** The first tick through a restarted subtask after the failure, epoch ms; 0 = none yet. */
    static volatile long firstTickAfterMs;
    /** The first tick after the failure with a lag below {@link #CAUGHT_UP_MS}, epoch ms; 0 = none yet. */
    static volatile long caughtUpAtMs;
    /** The lag of the latest tick, ms. */
    static volatile long lastLagMs;

    /** 0 for the first run of a subtask, then one more per restart. */
    private transient int attempt;

    @Override
    public void open(OpenContext openContext) {
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    }

    @Override
    public EngineInput map(EngineInput tick) {
        if (tick.isRejected()) return tick;
        long now = System.currentTimeMillis();
        long lag = now - tick.receiveTsUs / 1000;
        lastLagMs = lag;
        if (FAIL_NEXT.compareAndSet(true, false)) {
            failedAtMs = now;
            throw new IllegalStateException("scale benchmark: injected task failure");
        }
        // ticks of the first attempt may still pass the other subtask until it is cancelled: they do not count
        if (attempt > 0 && failedAtMs > 0) {
            if (firstTickAfterMs == 0) firstTickAfterMs = now;
            if (caughtUpAtMs == 0 && lag < CAUGHT_UP_MS) caughtUpAtMs = now;
        }
        return tick;
    }
}
