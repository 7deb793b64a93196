package io.spreadflow.connectors.files;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiveTimeMergeTest {

    /** An element: its source's name and its position in that source, and its time. */
    private record Element(String id, long time) {}

    /** A list as a merge source. */
    private static final class ListSource implements ReceiveTimeMerge.Source {
        private final List<Element> elements;
        private int next;
        private Element current;

        ListSource(List<Element> elements) {
            this.elements = elements;
        }

        @Override
        public boolean advance() {
            if (next == elements.size()) return false;
            current = elements.get(next++);
            return true;
        }

        @Override
        public long timeUs() {
            return current.time();
        }
    }

    private static List<String> merged(List<List<Element>> sources) {
        ReceiveTimeMerge<ListSource> merge = new ReceiveTimeMerge<>(sources.stream().map(ListSource::new).toList());
        List<String> out = new ArrayList<>();
        while (merge.advance()) {
            out.add(merge.current().current.id());
            assertThat(merge.current().current.id()).startsWith("s" + merge.currentIndex() + "-");
        }
        return out;
    }

    private static List<Element> source(int index, long... times) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < times.length; i++) out.add(new Element("s" + index + "-" + (i + 1), times[i]));
        return out;
    }

    @Test
    void ordersByTimeAndOnTiesBySourceThenPosition() {
        List<Element> a = source(0, 10, 20, 20, 30);
        List<Element> b = source(1, 5, 20, 30);
        assertThat(merged(List.of(a, b))).containsExactly("s1-1", "s0-1", "s0-2", "s0-3", "s1-2", "s0-4", "s1-3");
    }

    @Test
    void argumentOrderDecidesTiesNotTheContent() {
        assertThat(merged(List.of(source(0, 20, 20), source(1, 20)))).containsExactly("s0-1", "s0-2", "s1-1");
        assertThat(merged(List.of(source(0, 20), source(1, 20, 20)))).containsExactly("s0-1", "s1-1", "s1-2");
    }

    @Test
    void anElementEarlierThanItsPredecessorComesOutAsSoonAsItIsRead() {
        // source 0 steps back in time: it is not sorted, its own order is kept
        assertThat(merged(List.of(source(0, 10, 40, 5), source(1, 20, 30)))).containsExactly("s0-1", "s1-1", "s1-2", "s0-2", "s0-3");
    }

    @Test
    void noSourcesAndEmptySourcesGiveNothing() {
        assertThat(merged(List.of())).isEmpty();
        assertThat(merged(List.of(source(0), source(1, 7), source(2)))).containsExactly("s1-1");
    }

    @Property(tries = 200)
    void mergeOfTimeOrderedSourcesEqualsTheStableSortOfTheirConcatenation(
            @ForAll @Size(min = 0, max = 5) List<@Size(max = 30) List<@IntRange(min = 0, max = 20) Integer>> times) {
        List<List<Element>> sources = new ArrayList<>();
        List<Element> all = new ArrayList<>();
        for (int s = 0; s < times.size(); s++) {
            List<Integer> ts = new ArrayList<>(times.get(s));
            Collections.sort(ts);
            List<Element> src = source(s, ts.stream().mapToLong(Integer::longValue).toArray());
            sources.add(src);
            all.addAll(src);
        }
        all.sort(Comparator.comparingLong(Element::time)); // List.sort is stable
        assertThat(merged(sources)).containsExactlyElementsOf(all.stream().map(Element::id).toList());
    }
}
