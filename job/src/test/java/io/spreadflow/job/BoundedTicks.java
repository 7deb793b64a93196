package io.spreadflow.job;

import io.spreadflow.job.source.TickEvent;
import io.spreadflow.job.source.TickEventType;
import io.spreadflow.schemas.BookTicker;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.ArrayList;
import java.util.List;

/** A bounded source of given ticks, in list order (the list index is the input sequence) when the job runs it with parallelism 1. */
final class BoundedTicks {

    private BoundedTicks() {}

    static DataGeneratorSource<TickEvent> of(List<BookTicker> ticks) {
        return new DataGeneratorSource<>(new FromList(new ArrayList<>(ticks)), ticks.size(), TickEventType.INSTANCE);
    }

    /** The workflow's tick input over {@code ticks}. */
    static Workflow.Ticks ticks(List<BookTicker> ticks) {
        return Workflow.Ticks.live(of(ticks), "ticks");
    }

    private record FromList(ArrayList<BookTicker> ticks) implements GeneratorFunction<Long, TickEvent> {
        @Override
        public TickEvent map(Long index) {
            return TickEvent.of(ticks.get(index.intValue()), index);
        }
    }
}
