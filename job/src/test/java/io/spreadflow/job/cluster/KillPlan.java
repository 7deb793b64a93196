package io.spreadflow.job.cluster;

import java.util.ArrayList;
import java.util.List;

/** The kills of a chaos run and what each took to recover from. */
final class KillPlan {

    private KillPlan() {}

    /** What a kill ends. */
    enum Kill { TASK_MANAGER, SERVICE, SERVICE_WITH_INTENT_IN_FLIGHT, BROKER }

    /**
     * One kill: how long until the killed process was back (the broker and service answering; for a TaskManager
     * just its restart), until every task of the restarted job ran again (NaN: the job did not restart), and until
     * the loop was back (the job checkpointing new ticks; after a service kill also the new service answering).
     */
    record Recovery(Kill kill, double processBack, double tasksRunning, double seconds) {
        String tasks() {
            return Double.isNaN(tasksRunning) ? "  -  " : String.format("%4.1f s", tasksRunning);
        }
    }

    /** The kills in the order they happen: TaskManager kills, with the service and broker kills spread between them. */
    static List<Kill> plan(int tmKills, int serviceKills, int brokerKills) {
        List<Kill> others = new ArrayList<>();
        for (int i = 0; i < serviceKills; i++) others.add(i == 0 ? Kill.SERVICE_WITH_INTENT_IN_FLIGHT : Kill.SERVICE);
        // each broker kill after a service kill, so that the kinds alternate
        for (int i = 0; i < brokerKills; i++) others.add(Math.min(1 + 2 * i, others.size()), Kill.BROKER);
        List<Kill> plan = new ArrayList<>();
        int next = 0;
        for (int tm = 1; tm <= tmKills; tm++) {
            plan.add(Kill.TASK_MANAGER);
            while (next < others.size() && Math.round((double) (next + 1) * tmKills / (others.size() + 1)) <= tm) plan.add(others.get(next++));
        }
        while (next < others.size()) plan.add(others.get(next++));
        return plan;
    }
}
