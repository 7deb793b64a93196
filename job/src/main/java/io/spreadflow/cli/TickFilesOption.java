package io.spreadflow.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code --input}: recorded tick files a command reads, merged by receive time ({@code @Mixin}). */
public final class TickFilesOption {

    @Option(names = {"--input", "-i"}, arity = "1..*", paramLabel = "FILE",
            description = "Tick files: canonical or Binance bookTicker CSV (optionally .gz) or Avro recordings (.avro, as record --format avro"
                    + " writes them); merged by receive time, ties in argument order. replay --from binance-ws|cryptofeed: raw WebSocket sessions.")
    List<Path> files = List.of();

    /** The files, in argument order; empty when none were given. */
    public List<Path> files() {
        return files;
    }
}
