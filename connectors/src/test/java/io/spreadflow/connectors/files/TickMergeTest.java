package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TickMergeTest {

    @Test
    void ordersByReceiveTimeAndOnTiesByFileThenLine() {
        List<BookTicker> a = List.of(tick("a", 1, 10), tick("a", 2, 20), tick("a", 3, 20), tick("a", 4, 30));
        List<BookTicker> b = List.of(tick("b", 1, 5), tick("b", 2, 20), tick("b", 3, 30));
        List<String> expected = List.of("b1", "a1", "a2", "a3", "b2", "a4", "b3");
        assertThat(ids(TickMerge.sort(List.of(a, b)))).containsExactlyElementsOf(expected);
        List<BookTicker> streamed = new ArrayList<>();
        TickMerge.merge(List.of(a.iterator(), b.iterator()), BookTicker::getReceiveTsUs).forEachRemaining(streamed::add);
        assertThat(ids(streamed)).containsExactlyElementsOf(expected);
        // argument order decides ties, not the venue or anything in the tick
        assertThat(ids(TickMerge.sort(List.of(b, a)))).startsWith("b1", "a1", "b2", "a2", "a3");
    }

    @Property(tries = 200)
    void streamingMergeOfTimeOrderedSourcesEqualsTheStableSort(
            @ForAll @Size(min = 0, max = 5) List<@Size(max = 30) List<@IntRange(min = 0, max = 20) Integer>> times) {
        List<List<BookTicker>> sources = new ArrayList<>();
        for (int s = 0; s < times.size(); s++) {
            List<Integer> ts = new ArrayList<>(times.get(s));
            Collections.sort(ts);
            List<BookTicker> src = new ArrayList<>();
            for (int i = 0; i < ts.size(); i++) src.add(tick("s" + s + "-", i, ts.get(i)));
            sources.add(src);
        }
        List<BookTicker> streamed = new ArrayList<>();
        TickMerge.merge(sources.stream().map(List::iterator).toList(), BookTicker::getReceiveTsUs).forEachRemaining(streamed::add);
        assertThat(streamed).containsExactlyElementsOf(TickMerge.sort(sources));
    }

    static BookTicker tick(String file, int line, long ts) {
        return BookTicker.newBuilder().setInstrument("BTC-USDT").setVenue(file + line).setMarket(Market.SPOT).setVenueSymbol("BTCUSDT")
                .setBidPrice(1).setBidQty(1).setAskPrice(2).setAskQty(1).setReceiveTsUs(ts).build();
    }

    private static List<String> ids(List<BookTicker> ticks) {
        return ticks.stream().map(t -> t.getVenue().toString()).toList();
    }
}
