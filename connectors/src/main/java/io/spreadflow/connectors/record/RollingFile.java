package io.spreadflow.connectors.record;

import io.spreadflow.connectors.files.TickFileWriter;
import io.spreadflow.schemas.BookTicker;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The recording file being written: named {@code .inprogress} until complete. */
final class RollingFile implements Closeable {
    private final Path finalPath;
    private final Path tempPath;
    private final TickFileWriter csv;
    private final DataFileWriter<BookTicker> avro;
    private long rows;

    private RollingFile(Path finalPath, Path tempPath, TickFileWriter csv, DataFileWriter<BookTicker> avro) {
        this.finalPath = finalPath;
        this.tempPath = tempPath;
        this.csv = csv;
        this.avro = avro;
    }

    static RollingFile open(TopicRecorder.Settings s, int index) throws IOException {
        Path finalPath = s.outDir().resolve(String.format("%s-%06d.%s", s.topic(), index, s.format().extension()));
        Path temp = finalPath.resolveSibling(finalPath.getFileName() + TopicRecorder.IN_PROGRESS);
        if (s.format() == TopicRecorder.Format.CSV) return new RollingFile(finalPath, temp, TickFileWriter.create(temp), null);
        DataFileWriter<BookTicker> w = new DataFileWriter<>(new SpecificDatumWriter<>(BookTicker.class));
        w.setCodec(CodecFactory.deflateCodec(1));
        w.create(BookTicker.getClassSchema(), temp.toFile());
        return new RollingFile(finalPath, temp, null, w);
    }

    void write(BookTicker t) throws IOException {
        if (csv != null) csv.write(t);
        else avro.append(t);
        rows++;
    }

    long rows() {
        return rows;
    }

    void flush() throws IOException {
        if (csv != null) csv.flush();
        else avro.flush();
    }

    /** Closes the file and gives it its final name. */
    Path complete() throws IOException {
        close();
        Files.move(tempPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
        return finalPath;
    }

    @Override
    public void close() throws IOException {
        if (csv != null) csv.close();
        else avro.close();
    }
}
