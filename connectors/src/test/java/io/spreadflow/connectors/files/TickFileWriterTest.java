package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TickFileWriterTest {

    @Test
    void writesNumbersInPlainShortestDecimals() {
        assertThat(TickFileWriter.decimal(0.00003528)).isEqualTo("0.00003528");
        assertThat(TickFileWriter.decimal(89.0)).isEqualTo("89");
        assertThat(TickFileWriter.decimal(62559185.39)).isEqualTo("62559185.39");
        assertThat(TickFileWriter.decimal(28000.1)).isEqualTo("28000.1");
        assertThat(TickFileWriter.decimal(1e-10)).isEqualTo("0.0000000001");
    }

    @Test
    void aRealRecordingWrittenAgainIsByteIdentical(@TempDir Path dir) throws IOException {
        for (String name : List.of("mexc_spot_LUNC_USDT_bookTicker_20251011.csv", "gateio_futures_LUNC_USDT_bookTicker_20251011.csv")) {
            Path in = RealData.require("data/mexc-gateio/" + name);
            Path out = dir.resolve(name);
            try (TickFileWriter w = TickFileWriter.create(out)) {
                for (BookTicker t : TickFileReader.readAll(in)) w.write(t);
                assertThat(w.rows()).isEqualTo(10_000);
            }
            assertThat(Files.readAllLines(out)).containsExactlyElementsOf(Files.readAllLines(in));
        }
    }

    @Test
    void gzippedFilesReadBack(@TempDir Path dir) throws IOException {
        Path in = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        List<BookTicker> ticks = TickFileReader.readAll(in);
        Path gz = dir.resolve("ticks.csv.gz");
        try (TickFileWriter w = TickFileWriter.create(gz)) {
            for (BookTicker t : ticks) w.write(t);
        }
        assertThat(TickFileReader.readAll(gz)).isEqualTo(ticks);
    }
}
