package io.spreadflow.cli;

import io.spreadflow.connectors.convert.RawSessionFormat;
import io.spreadflow.connectors.convert.RecordingConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spreadflow convert}: a recorded raw WebSocket session to the canonical tick CSV. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Turns a recorded raw WebSocket session into the canonical tick CSV",
            "(timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty), one row per book-ticker message,",
            "prices and sizes as the venue sent them (contract sizes converted to base units).",
            "Frames that cannot be read are listed in <output>.rejected.tsv."})
public final class ConvertCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "FORMAT",
            description = "binance-ws (hftbacktest recorder: '<ts ns|µs> <json>', .gz ok) or cryptofeed ('<epoch s>: <json>')")
    String from;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "the recorded session")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "the CSV to write (.gz to compress)")
    Path output;

    @Mixin
    ContractSpecsOption specs = new ContractSpecsOption();

    @Mixin
    SessionVenueOption venue = new SessionVenueOption();

    @Override
    public Integer call() throws Exception {
        try {
            RecordingConverter.Summary s = RecordingConverter.convert(RawSessionFormat.of(from), input, output,
                    specs.load(), venue.venue());
            System.out.println(s.rows() + " rows -> " + s.output());
            if (s.rejected() > 0) System.out.println(s.rejected() + " frames rejected -> " + s.rejects());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("convert: " + e.getMessage());
            return 2;
        }
    }
}
