package io.spreadflow.job.cluster;

import io.spreadflow.job.cluster.KillPlan.Kill;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static io.spreadflow.job.cluster.KillPlan.Kill.BROKER;
import static io.spreadflow.job.cluster.KillPlan.Kill.SERVICE;
import static io.spreadflow.job.cluster.KillPlan.Kill.SERVICE_WITH_INTENT_IN_FLIGHT;
import static io.spreadflow.job.cluster.KillPlan.Kill.TASK_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

class KillPlanTest {

    @Test
    void theChaosTestsKillsAlternateStartingWithATaskManager() {
        assertThat(KillPlan.plan(5, 2, 1)).containsExactly(TASK_MANAGER, SERVICE_WITH_INTENT_IN_FLIGHT, TASK_MANAGER, TASK_MANAGER, BROKER,
                TASK_MANAGER, SERVICE, TASK_MANAGER);
    }

    @Test
    void everyKillOfALongerRunIsPlannedOnceTheFirstServiceKillWithIntentsInFlight() {
        List<Kill> plan = KillPlan.plan(10, 3, 2);
        assertThat(plan).hasSize(15);
        assertThat(Collections.frequency(plan, TASK_MANAGER)).isEqualTo(10);
        assertThat(Collections.frequency(plan, BROKER)).isEqualTo(2);
        assertThat(plan.stream().filter(k -> k == SERVICE || k == SERVICE_WITH_INTENT_IN_FLIGHT).toList())
                .containsExactly(SERVICE_WITH_INTENT_IN_FLIGHT, SERVICE, SERVICE);
        assertThat(plan.get(0)).isEqualTo(TASK_MANAGER);
        for (int i = 1; i < plan.size(); i++) {
            assertThat(plan.get(i) != TASK_MANAGER && plan.get(i - 1) != TASK_MANAGER).as("two non-TaskManager kills in a row at %d: %s", i, plan)
                    .isFalse();
        }
    }

    @Test
    void withoutTaskManagerKillsTheOthersStillHappen() {
        assertThat(KillPlan.plan(0, 1, 1)).containsExactly(SERVICE_WITH_INTENT_IN_FLIGHT, BROKER);
    }
}
