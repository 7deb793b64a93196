package io.spreadflow.job.serde;

import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The Flink types of everything the job moves: Avro records use Avro's own binary serializer, engine
 * objects the project's versioned serializers ({@link VersionedSerializer}). Declared once so that no stream silently falls back to Kryo (the job
 * also runs with generic types disabled, which makes any such fall-back fail at build time).
 */
public final class RecordTypes {

    public static final TypeInformation<BookTicker> BOOK_TICKER = new AvroTypeInfo<>(BookTicker.class);
    public static final TypeInformation<DeadLetter> DEAD_LETTER = new AvroTypeInfo<>(DeadLetter.class);
    public static final TypeInformation<Signal> SIGNAL = new AvroTypeInfo<>(Signal.class);
    public static final TypeInformation<OrderIntent> ORDER_INTENT = new AvroTypeInfo<>(OrderIntent.class);
    public static final TypeInformation<ExecutionReport> EXECUTION_REPORT = new AvroTypeInfo<>(ExecutionReport.class);

    public static final TypeInformation<InstrumentState> INSTRUMENT_STATE = new VersionedType<>(InstrumentState.class, InstrumentStateSerializer::new);
    public static final TypeInformation<Trade> TRADE = new VersionedType<>(Trade.class, TradeSerializer::new);

    private RecordTypes() {}
}
