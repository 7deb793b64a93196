package io.spreadflow.connectors.record;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedMergeTest {

    private static final long MS = 1_000_000L;

    private static BookTicker tick(long tsUs) {
        return BookTicker.newBuilder().setInstrument("BTC-USDT").setVenue("v").setMarket(Market.SPOT).setVenueSymbol("BTCUSDT")
                .setBidPrice(1).setBidQty(1).setAskPrice(2).setAskQty(1).setReceiveTsUs(tsUs).setExchangeTsUs(null).setUpdateId(null).build();
    }

    @Test
    void aPartitionStillCatchingUpHoldsBackLaterTicksOfTheOthers() throws Exception {
        TimeOrderedMerge m = new TimeOrderedMerge(List.of(0, 1), Duration.ZERO, 1_000);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) m.add(0, i, tick(1_000 + i * 100L), 0);
        // partition 1 still has records to fetch, none seen yet: any of them may be earlier, nothing goes
        m.release(p -> p == 0, 0, t -> out.add(t.getReceiveTsUs()));
        assertThat(out).isEmpty();
        m.add(1, 0, tick(1_050), 0);
        m.add(1, 1, tick(1_250), 0);
        // both still fetching: up to the lower of what each has shown (1250)
        m.release(p -> false, 0, t -> out.add(t.getReceiveTsUs()));
        assertThat(out).containsExactly(1_000L, 1_050L, 1_100L, 1_200L, 1_250L);
        m.add(1, 2, tick(31_000), 0);
        m.release(p -> false, 0, t -> out.add(t.getReceiveTsUs()));
        assertThat(out).endsWith(1_300L, 1_400L).hasSize(7);
        m.releaseAll(t -> out.add(t.getReceiveTsUs()));
        assertThat(out).isSorted().hasSize(8);
        assertThat(m.late()).isZero();
    }

    @Test
    void liveTicksWaitTheWindowThenGoInOrder() throws Exception {
        TimeOrderedMerge m = new TimeOrderedMerge(List.of(0, 1), Duration.ofMillis(100), 1_000);
        List<Long> out = new ArrayList<>();
        m.add(0, 0, tick(5 * MS), 0);
        m.release(p -> true, 50 * 1_000_000L, t -> out.add(t.getReceiveTsUs()));
        assertThat(out).as("held within the window").isEmpty();
        m.add(1, 0, tick(4 * MS), 60 * 1_000_000L); // another partition's earlier tick, arriving late but within the window
        m.release(p -> true, 120 * 1_000_000L, t -> out.add(t.getReceiveTsUs()));
        // the first tick has matured; the second arrived only 60 ms ago but is earlier, so it goes first
        assertThat(out).containsExactly(4 * MS, 5 * MS);
    }

    @Test
    void tooLateTicksAreWrittenAndCountedAndTheBufferIsBounded() throws Exception {
        TimeOrderedMerge m = new TimeOrderedMerge(List.of(0), Duration.ZERO, 3);
        List<Long> out = new ArrayList<>();
        m.add(0, 0, tick(10), 0);
        m.release(p -> true, 1, t -> out.add(t.getReceiveTsUs()));
        m.add(0, 1, tick(5), 1);
        m.release(p -> true, 2, t -> out.add(t.getReceiveTsUs()));
        assertThat(out).containsExactly(10L, 5L);
        assertThat(m.late()).isEqualTo(1);

        TimeOrderedMerge bounded = new TimeOrderedMerge(List.of(0, 1), Duration.ofHours(1), 3);
        for (int i = 0; i < 10; i++) bounded.add(0, i, tick(100 + i), 0);
        bounded.release(p -> p == 0, 0, t -> out.add(t.getReceiveTsUs())); // partition 1 would hold everything back
        assertThat(bounded.buffered()).isEqualTo(3);
    }
}
