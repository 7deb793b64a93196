package io.spreadflow.job.serde;

import io.spreadflow.engine.InstrumentState;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a restore decides from a stored serializer snapshot: as is, after migration, or not at all. */
class VersionedSerializerTest {

    private static final int CURRENT = io.spreadflow.engine.state.EngineStateCodec.formatVersion();

    /** The snapshot as a savepoint stores and reads it back. */
    @SuppressWarnings("unchecked")
    private static <T> TypeSerializerSnapshot<T> stored(TypeSerializerSnapshot<T> s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(out, s);
        return (TypeSerializerSnapshot<T>) TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), VersionedSerializerTest.class.getClassLoader());
    }

    /** ExecutionReport as it was before {@code fillEventTsUs} (which has a default) was added. */
    private static Schema reportWithoutFillTime() {
        Schema current = ExecutionReport.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) if (!f.name().equals("fillEventTsUs")) fields.add(new Schema.Field(f, f.schema()));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static TypeSerializerSnapshot<InstrumentState> snapshot(int format, Schema tick, Schema report) {
        return new VersionedSerializer.Snapshot<>(InstrumentStateSerializer.class.getName(), format, List.of(tick, report));
    }

    private static TypeSerializerSchemaCompatibility<InstrumentState> resolve(TypeSerializerSnapshot<InstrumentState> old) throws IOException {
        return stored(new InstrumentStateSerializer().snapshotConfiguration()).resolveSchemaCompatibility(stored(old));
    }

    @Test
    void theSameFormatAndSchemasAreCompatibleAsIs() throws IOException {
        assertThat(resolve(new InstrumentStateSerializer().snapshotConfiguration()).isCompatibleAsIs()).isTrue();
        assertThat(stored(new InstrumentStateSerializer().snapshotConfiguration()).restoreSerializer()).isEqualTo(new InstrumentStateSerializer());
    }

    @Test
    void anOlderEmbeddedSchemaMigratesAndItsRestoreSerializerReadsWithIt() throws IOException {
        Schema old = reportWithoutFillTime();
        TypeSerializerSnapshot<InstrumentState> oldSnapshot = stored(snapshot(CURRENT, BookTicker.getClassSchema(), old));
        assertThat(resolve(oldSnapshot).isCompatibleAfterMigration()).isTrue();
        InstrumentStateSerializer restore = (InstrumentStateSerializer) oldSnapshot.restoreSerializer();
        assertThat(restore.embeddedSchemas().get(1)).isEqualTo(old);
        assertThat(restore).isNotEqualTo(new InstrumentStateSerializer());
    }

    @Test
    void aLaterFormatAnotherSerializerOrAnUnresolvableSchemaIsIncompatible() throws IOException {
        assertThat(resolve(snapshot(CURRENT + 1, BookTicker.getClassSchema(), ExecutionReport.getClassSchema())).isIncompatible()).isTrue();
        TypeSerializerSnapshot<InstrumentState> other = new VersionedSerializer.Snapshot<>(TradeSerializer.class.getName(), 1, List.of());
        assertThat(resolve(other).isIncompatible()).isTrue();
        // a required field the current schema cannot fill: the old report had no 'filledQty' and the current one has no default
        Schema current = ExecutionReport.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) if (!f.name().equals("filledQty")) fields.add(new Schema.Field(f, f.schema()));
        Schema missingRequired = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(resolve(snapshot(CURRENT, BookTicker.getClassSchema(), missingRequired)).isIncompatible()).isTrue();
    }

    /** The engine state's keyed parts: each snapshot restores its own serializer; a later format of one is refused. */
    @Test
    void theKeyedPartsSerializersRestoreThemselvesAndRefuseALaterFormat() throws IOException {
        for (VersionedSerializer<?> s : List.<VersionedSerializer<?>>of(new MarketPartSerializer(), new BookPartSerializer(), new PositionRecordSerializer())) {
            assertThat(stored(s.snapshotConfiguration()).restoreSerializer()).as(s.getClass().getSimpleName()).isEqualTo(s);
            checkLaterFormat(s);
        }
        // the book part embeds the held ticks and early reports: an older report schema migrates, read with that schema
        Schema old = reportWithoutFillTime();
        TypeSerializerSnapshot<io.spreadflow.engine.BookPart> oldBook = stored(new VersionedSerializer.Snapshot<>(BookPartSerializer.class.getName(),
                io.spreadflow.engine.state.BookPartCodec.formatVersion(), List.of(BookTicker.getClassSchema(), old)));
        assertThat(stored(new BookPartSerializer().snapshotConfiguration()).resolveSchemaCompatibility(oldBook).isCompatibleAfterMigration()).isTrue();
        assertThat(((BookPartSerializer) oldBook.restoreSerializer()).embeddedSchemas().get(1)).isEqualTo(old);
    }

    private static <T> void checkLaterFormat(VersionedSerializer<T> s) throws IOException {
        VersionedSerializer.Snapshot<T> current = (VersionedSerializer.Snapshot<T>) s.snapshotConfiguration();
        TypeSerializerSnapshot<T> later = new VersionedSerializer.Snapshot<>(s.getClass().getName(), current.formatVersion() + 1, s.embeddedSchemas());
        assertThat(stored(current).resolveSchemaCompatibility(stored(later)).isIncompatible()).as(s.getClass().getSimpleName()).isTrue();
    }
}
