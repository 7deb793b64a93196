package io.spreadflow.engine.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutcomeTest {

    @Test
    void stepsKeepTheOrderDecidedAndCannotChange() {
        Outcome.Builder b = new Outcome.Builder();
        b.withdraw("a|s|1", 0);
        b.withdraw("a|s|1", 1);
        Outcome o = b.build();
        assertThat(o.steps()).containsExactly(new Outcome.Withdrawn("a|s|1", 0), new Outcome.Withdrawn("a|s|1", 1));
        assertThatThrownBy(() -> o.steps().add(new Outcome.Withdrawn("x", 0))).isInstanceOf(UnsupportedOperationException.class);
        b.withdraw("a|s|2", 0);
        assertThat(o.steps()).as("a built outcome does not see later steps").hasSize(2);
    }

    @Test
    void nothingDecidedIsTheSharedEmptyOutcomeUnlessApplied() {
        assertThat(new Outcome.Builder().build()).isSameAs(Outcome.NONE);
        Outcome applied = new Outcome.Builder().build(true);
        assertThat(applied.isEmpty()).isTrue();
        assertThat(applied.applied()).isTrue();
        assertThat(Outcome.NONE.applied()).isFalse();
    }
}
