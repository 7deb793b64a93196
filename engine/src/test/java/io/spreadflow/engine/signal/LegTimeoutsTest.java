package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spreadflow.engine.signal.MachineFixtures.FUT;
import static io.spreadflow.engine.signal.MachineFixtures.SPOT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class LegTimeoutsTest {

    @Test
    void theDeadlineIsDecisionPlusTimeoutAndSaturates() {
        LegTimeouts t = new LegTimeouts(5_000_000);
        assertThat(t.deadline(T0)).isEqualTo(T0 + 5_000_000);
        assertThat(t.deadline(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void onlyWorkingLegsPastTheirDeadlineAreGivenUp() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        LegRecord due = new LegRecord("i|s|1", 0, IntentPurpose.ENTRY, SPOT, Side.BUY, 10, T0 + 10);
        LegRecord later = new LegRecord("i|s|1", 1, IntentPurpose.ENTRY, FUT, Side.SELL, 10, T0 + 20);
        LegRecord done = new LegRecord("i|s|2", 0, IntentPurpose.HEDGE, SPOT, Side.SELL, 10, T0 + 5);
        done.status = LegRecord.Status.FILLED;
        p.legs.addAll(List.of(due, later, done));
        LegTimeouts.recompute(b);
        assertThat(b.nextDeadlineUs()).isEqualTo(T0 + 10);

        Outcome.Builder out = new Outcome.Builder();
        assertThat(LegTimeouts.expire(b, T0 + 9, out)).isEmpty();
        assertThat(out.build().isEmpty()).isTrue();
        assertThat(LegTimeouts.expire(b, T0 + 10, out)).containsExactly(p);
        assertThat(out.build().steps()).containsExactly(new Outcome.Withdrawn("i|s|1", 0));
        assertThat(due.status).isEqualTo(LegRecord.Status.TIMED_OUT);
        assertThat(later.working()).isTrue();
        assertThat(done.status).isEqualTo(LegRecord.Status.FILLED);
        LegTimeouts.recompute(b);
        assertThat(b.nextDeadlineUs()).isEqualTo(T0 + 20);
    }

    @Test
    void aSentLegOnlyMovesTheDeadlineEarlier() {
        PositionBook b = new PositionBook();
        assertThat(b.nextDeadlineUs()).isEqualTo(Long.MAX_VALUE);
        LegTimeouts.sent(b, T0 + 20);
        LegTimeouts.sent(b, T0 + 30);
        assertThat(b.nextDeadlineUs()).isEqualTo(T0 + 20);
    }
}
