package io.spreadflow.job;

import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInputType;
import io.spreadflow.schemas.BookTicker;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.ArrayList;
import java.util.List;

/** A bounded source of given ticks, in list order (the list index is the input sequence) when the job runs it with parallelism 1. */
final class BoundedTicks {

    private BoundedTicks() {}

    static DataGeneratorSource<EngineInput> of(List<BookTicker> ticks) {
        return new DataGeneratorSource<>(new FromList(new ArrayList<>(ticks)), ticks.size(), EngineInputType.INSTANCE);
    }

    /** The workflow's tick input over {@code ticks}. */
    static Workflow.Ticks ticks(List<BookTicker> ticks) {
        return Workflow.Ticks.live(of(ticks), "ticks");
    }

    private record FromList(ArrayList<BookTicker> ticks) implements GeneratorFunction<Long, EngineInput> {
        @Override
        public EngineInput map(Long index) {
            return EngineInput.of(ticks.get(index.intValue()), index);
        }
    }
}
