package io.spreadflow.connectors.record;

import io.spreadflow.connectors.files.TickFileWriter;
import io.spreadflow.schemas.BookTicker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The recording file being written: named {@code .inprogress} until complete. */
final class RollingFile implements Closeable {
    private final Path finalPath;
    private final Path tempPath;
    private final TickFileWriter out;

    private RollingFile(Path finalPath, Path tempPath, TickFileWriter out) {
        this.finalPath = finalPath;
        this.tempPath = tempPath;
        this.out = out;
    }

    static RollingFile open(TopicRecorder.Settings s, int index) throws IOException {
        Path finalPath = s.outDir().resolve(String.format("%s-%06d.%s", s.topic(), index, s.format().extension()));
        Path temp = finalPath.resolveSibling(finalPath.getFileName() + TopicRecorder.IN_PROGRESS);
        // the temporary name hides the extension: the format is chosen here
        TickFileWriter w = s.format() == TopicRecorder.Format.CSV ? TickFileWriter.create(temp) : TickFileWriter.createAvro(temp);
        return new RollingFile(finalPath, temp, w);
    }

    void write(BookTicker t) throws IOException {
        out.write(t);
    }

    long rows() {
        return out.rows();
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Closes the file and gives it its final name. */
    Path complete() throws IOException {
        close();
        Files.move(tempPath, finalPath, StandardCopyOption.ATOMIC_MOVE);
        return finalPath;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
