package io.spreadflow.engine.signal;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;

/**
 * An intent the execution service refused outright (an HTTP 4xx: invalid, an id conflict, too large), as
 * opposed to one it executed and a venue rejected. The job's order-intent sink reports each leg of such
 * an intent REJECTED with a reason that starts with {@link #REASON_PREFIX}. Retrying cannot help and
 * the next intent would most likely be refused for the same cause, so the engine halts the instrument:
 * no new entries until an operator looks; its open positions still exit.
 */
public final class ServiceRefusal {

    /** How the reason of a refusal report starts. */
    public static final String REASON_PREFIX = "REFUSED_BY_SERVICE";

    /** The halt reason of an instrument stopped by a refusal. */
    public static final String HALT_REASON = "INTENT_REFUSED";

    private ServiceRefusal() {}

    /** Whether {@code r} reports an intent the service refused. */
    public static boolean isRefusal(ExecutionReport r) {
        return r.getStatus() == ExecutionStatus.REJECTED && r.getReason() != null && r.getReason().startsWith(REASON_PREFIX);
    }
}
