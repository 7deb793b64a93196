package io.spreadflow.connectors.convert;

import io.spreadflow.connectors.feed.ContractSpecs;
import io.spreadflow.connectors.feed.Venue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts a recorded raw session to the canonical tick CSV: one row per accepted book-ticker
 * frame. Frames that were rejected go to {@code <output>.rejected.tsv} (line, reason, raw frame).
 */
public final class RecordingConverter {

    /** What a conversion wrote. */
    public record Summary(long rows, long rejected, Path output, Path rejects) {}

    private RecordingConverter() {}

    /**
     * @param venue the venue of every frame, or null to tell it from the file
     * @throws IllegalArgumentException naming file and line when a contract multiplier is missing
     */
    public static Summary convert(RawSessionFormat format, Path input, Path output, ContractSpecs specs, Venue venue) throws IOException {
        RawSessionReader reader = RawSessionReader.of(format).withSpecs(specs);
        if (venue != null) reader = reader.withVenue(venue);
        Path rejectsFile = output.resolveSibling(output.getFileName() + ".rejected.tsv");
        Files.deleteIfExists(rejectsFile);
        long[] rejected = {0};
        BufferedWriter[] rejects = {null};
        try (CanonicalTickCsv csv = CanonicalTickCsv.create(output)) {
            reader.read(input, r -> {
                try {
                    if (r instanceof SessionRecord.Tick t) {
                        csv.write(t.quote());
                    } else if (r instanceof SessionRecord.Rejected x) {
                        if (rejects[0] == null) {
                            rejects[0] = Files.newBufferedWriter(rejectsFile, StandardCharsets.UTF_8);
                            rejects[0].write("line\treason\traw\n");
                        }
                        rejected[0]++;
                        rejects[0].write(x.line() + "\t" + x.deadLetter().getReason().toString().replace('\t', ' ') + "\t"
                                + String.valueOf(x.deadLetter().getRawText()).replace('\t', ' ') + "\n");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Summary(csv.rows(), rejected[0], output, rejected[0] == 0 ? null : rejectsFile);
        } finally {
            if (rejects[0] != null) rejects[0].close();
        }
    }
}
