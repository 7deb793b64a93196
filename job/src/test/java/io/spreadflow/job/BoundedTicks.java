package io.spreadflow.job;

import io.spreadflow.job.serde.RecordTypes;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.types.Either;

import java.util.ArrayList;
import java.util.List;

/** A bounded source of given ticks, in list order when the job runs it with parallelism 1. */
final class BoundedTicks {

    private BoundedTicks() {}

    static DataGeneratorSource<Either<BookTicker, DeadLetter>> of(List<BookTicker> ticks) {
        return new DataGeneratorSource<>(new FromList(new ArrayList<>(ticks)), ticks.size(), RecordTypes.DECODED_TICK);
    }

    private record FromList(ArrayList<BookTicker> ticks) implements GeneratorFunction<Long, Either<BookTicker, DeadLetter>> {
        @Override
        public Either<BookTicker, DeadLetter> map(Long index) {
            return Either.Left(ticks.get(index.intValue()));
        }
    }
}
