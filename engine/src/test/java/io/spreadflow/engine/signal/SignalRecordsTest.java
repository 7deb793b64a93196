package io.spreadflow.engine.signal;

import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class SignalRecordsTest {

    private final SignalRecords records = new SignalRecords("rdn");

    @Test
    void eachSignalTakesTheNextSequenceOfItsBook() {
        PositionBook a = new PositionBook();
        PositionBook b = new PositionBook();
        Signal first = records.record(a, INSTRUMENT, T0, SignalKind.ENTER, PositionState.FLAT, PositionState.ENTERING, "X", 1L, -2.0, Map.of());
        Signal second = records.record(a, INSTRUMENT, T0, SignalKind.HOLD, null, null, "Y", null, Double.NaN, Map.of());
        Signal other = records.record(b, INSTRUMENT, T0, SignalKind.HOLD, null, null, "Z", null, Double.NaN, Map.of());
        assertThat(first.getSequence()).isEqualTo(1);
        assertThat(second.getSequence()).isEqualTo(2);
        assertThat(other.getSequence()).as("books count apart").isEqualTo(1);
        assertThat(first.getFromState()).isEqualTo("FLAT");
        assertThat(first.getToState()).isEqualTo("ENTERING");
        assertThat(first.getSpreadPct()).isEqualTo(-2.0);
        assertThat(first.getStrategyId()).isEqualTo("rdn");
        assertThat(second.getFromState()).isNull();
        assertThat(second.getSpreadPct()).isNull();
        assertThat(second.getPositionId()).isNull();
    }

    @Test
    void onlyFiniteValuesTravelInTheirOrder() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("b", 1.0);
        values.put("nan", Double.NaN);
        values.put("inf", Double.POSITIVE_INFINITY);
        values.put("none", null);
        values.put("a", 2.0);
        Signal s = records.record(new PositionBook(), INSTRUMENT, T0, SignalKind.HOLD, null, null, "R", 3L, 0.5, values);
        assertThat(s.getIndicators()).containsExactly(Map.entry("b", 1.0), Map.entry("a", 2.0));
    }
}
