package io.spreadflow.engine.market;

import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

class TickMergeTest {

    @Test
    void mergesByTimeKeepingFileOrderForTies() {
        List<BookTicker> a = List.of(tick("a", 1, 1, 2), tick("a", 3, 1.1, 2), tick("a", 3, 1.2, 2));
        List<BookTicker> b = List.of(tick("b", 2, 5, 6), tick("b", 3, 5.1, 6), tick("b", 4, 5.2, 6));
        List<BookTicker> merged = TickMerge.merge(List.of(a, b));
        assertThat(merged).extracting(t -> t.getVenue() + "@" + t.getReceiveTsUs() + ":" + t.getBidPrice())
                .containsExactly("a@1:1.0", "b@2:5.0", "a@3:1.1", "a@3:1.2", "b@3:5.1", "b@4:5.2");
    }
}
