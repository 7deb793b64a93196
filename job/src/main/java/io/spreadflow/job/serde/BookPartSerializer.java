package io.spreadflow.job.serde;

import io.spreadflow.engine.BookPart;
import io.spreadflow.engine.state.BookPartCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.avro.Schema;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

/**
 * The book part of an instrument's engine state in the engine's versioned format ({@link BookPartCodec}).
 * The snapshot records the format version and the schemas of the held ticks and early reports inside.
 */
public final class BookPartSerializer extends VersionedSerializer<BookPart> {

    private static final long serialVersionUID = 1L;

    /** Writer schemas of the embedded records as JSON, or null for the current ones. */
    private final String tickSchema;
    private final String reportSchema;
    private transient BookPartCodec codec;

    public BookPartSerializer() {
        this(null, null);
    }

    private BookPartSerializer(String tickSchema, String reportSchema) {
        this.tickSchema = tickSchema;
        this.reportSchema = reportSchema;
    }

    @Override
    protected int formatVersion() {
        return BookPartCodec.formatVersion();
    }

    @Override
    protected List<Schema> embeddedSchemas() {
        return List.of(tickSchema == null ? BookTicker.getClassSchema() : new Schema.Parser().parse(tickSchema),
                reportSchema == null ? ExecutionReport.getClassSchema() : new Schema.Parser().parse(reportSchema));
    }

    @Override
    protected VersionedSerializer<BookPart> withWriterSchemas(List<Schema> writerSchemas) {
        return new BookPartSerializer(writerSchemas.get(0).toString(), writerSchemas.get(1).toString());
    }

    @Override
    public BookPartSerializer duplicate() {
        return new BookPartSerializer(tickSchema, reportSchema);
    }

    private BookPartCodec codec() {
        if (codec == null) {
            codec = tickSchema == null && reportSchema == null ? new BookPartCodec()
                    : new BookPartCodec(embeddedSchemas().get(0), embeddedSchemas().get(1));
        }
        return codec;
    }

    @Override
    public void serialize(BookPart record, DataOutputView target) throws IOException {
        codec().write(target, record);
    }

    @Override
    public BookPart deserialize(DataInputView source) throws IOException {
        return codec().read(source);
    }
}
