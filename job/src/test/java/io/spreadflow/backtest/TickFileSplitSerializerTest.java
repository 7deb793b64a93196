package io.spreadflow.backtest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tick-file splits and the enumerator's pending splits through their checkpointed form. */
class TickFileSplitSerializerTest {

    private static final TickFileSplit SPLIT = new TickFileSplit(List.of("/data/a.csv", "/data/b.csv.gz"), 3, 12_345L,
            new TickRouting(2, 1, 4, 128));

    @Test
    void splitsAndPendingSplitsRoundTrip() throws IOException {
        TickFileSplitSerializer.Split s = new TickFileSplitSerializer.Split();
        assertThat(s.deserialize(s.getVersion(), s.serialize(SPLIT))).isEqualTo(SPLIT);
        TickFileSplitSerializer.Pending p = new TickFileSplitSerializer.Pending();
        Collection<TickFileSplit> pending = List.of(SPLIT, new TickFileSplit(List.of("c.csv"), 1, 0, TickRouting.SINGLE));
        assertThat(p.deserialize(p.getVersion(), p.serialize(pending))).containsExactlyElementsOf(pending);
    }

    @Test
    void anUnknownVersionOrDamagedBytesAreRefusedWithAReason() throws IOException {
        TickFileSplitSerializer.Split s = new TickFileSplitSerializer.Split();
        byte[] b = s.serialize(SPLIT);
        assertThatThrownBy(() -> s.deserialize(2, b)).isInstanceOf(IOException.class).hasMessageContaining("version 2");
        b[0] = 0x7f;
        assertThatThrownBy(() -> s.deserialize(1, b)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }
}
