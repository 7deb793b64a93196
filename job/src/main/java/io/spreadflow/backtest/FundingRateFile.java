package io.spreadflow.backtest;

import io.spreadflow.connectors.files.Instruments;
import io.spreadflow.engine.accounting.FundingRate;
import io.spreadflow.engine.accounting.FundingSchedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads funding rates from a CSV file {@code timestamp_us,venue,symbol,rate}: funding time in epoch µs,
 * the perpetual venue, its symbol (mapped to the canonical instrument like tick files) and the rate of
 * the interval as a decimal fraction. A line that does not parse fails the read with file, line and
 * reason: a silently skipped funding payment would falsify the P&amp;L.
 */
public final class FundingRateFile {

    public static final String HEADER = "timestamp_us,venue,symbol,rate";

    private FundingRateFile() {}

    public static FundingSchedule read(Path file) throws IOException {
        List<FundingRate> rates = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().replace("\uFEFF", "").equals(HEADER)) {
                throw new IllegalArgumentException(file + ": funding rate file must start with '" + HEADER + "', found '" + header + "'");
            }
            String line;
            long n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                String[] c = line.split(",", -1);
                try {
                    if (c.length != 4) throw new IllegalArgumentException("expected 4 fields, found " + c.length);
                    long ts = Long.parseLong(c[0].strip());
                    String venue = c[1].strip();
                    if (venue.isEmpty()) throw new IllegalArgumentException("empty venue");
                    rates.add(new FundingRate(venue, Instruments.canonical(c[2].strip()), ts, new BigDecimal(c[3].strip())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage() + " in '" + line + "'", e);
                }
            }
        }
        return FundingSchedule.of(rates);
    }
}
