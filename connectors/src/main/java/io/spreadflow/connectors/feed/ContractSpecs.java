package io.spreadflow.connectors.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Contract multipliers by venue and venue symbol: read from a specs file when converting
 * recordings, fetched over REST by {@link ContractSpecClient} when live.
 *
 * <p>Specs file: CSV with header {@code venue,symbol,multiplier,kind}; {@code kind} is
 * {@code linear} (default when empty) or {@code inverse}; blank lines and lines starting with
 * {@code #} are skipped. Example: {@code gateio-futures,BTC_USDT,0.0001,linear}.
 */
public final class ContractSpecs {

    public static final String HEADER = "venue,symbol,multiplier,kind";
    private static final ContractSpecs NONE = new ContractSpecs(Map.of());

    private final Map<String, ContractSpec> specs;

    private ContractSpecs(Map<String, ContractSpec> specs) {
        this.specs = Map.copyOf(specs);
    }

    /** No specs: every contract-sized quote is a {@link MissingContractSpec}. */
    public static ContractSpecs none() {
        return NONE;
    }

    public static ContractSpecs of(Map<Venue, Map<String, ContractSpec>> byVenue) {
        Map<String, ContractSpec> m = new HashMap<>();
        byVenue.forEach((v, bySymbol) -> bySymbol.forEach((s, spec) -> m.put(key(v, s), spec)));
        return new ContractSpecs(m);
    }

    /** These specs plus {@code other}'s; {@code other} wins where both name the same contract. */
    public ContractSpecs with(ContractSpecs other) {
        Map<String, ContractSpec> m = new HashMap<>(specs);
        m.putAll(other.specs);
        return new ContractSpecs(m);
    }

    /**
     * Reads a specs file.
     *
     * @throws IllegalArgumentException naming the file and line of a bad entry
     */
    public static ContractSpecs load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract specs " + file + ": " + e.getMessage(), e);
        }
        Map<String, ContractSpec> m = new HashMap<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (header) {
                header = false;
                if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected header '" + HEADER + "', found '" + line + "'");
                }
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 3 || f.length > 4) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + HEADER + ", found '" + line + "'");
            }
            try {
                Venue venue = Venue.of(f[0]);
                String kind = f.length == 4 ? f[3].trim().toLowerCase(Locale.ROOT) : "";
                if (!kind.isEmpty() && !kind.equals("linear") && !kind.equals("inverse")) {
                    throw new IllegalArgumentException("kind must be linear or inverse, was '" + f[3] + "'");
                }
                ContractSpec spec = kind.equals("inverse") ? ContractSpec.inverse(f[2].trim()) : ContractSpec.linear(f[2].trim());
                m.put(key(venue, f[1].trim()), spec);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ContractSpecs(m);
    }

    public Optional<ContractSpec> find(Venue venue, String venueSymbol) {
        return Optional.ofNullable(specs.get(key(venue, venueSymbol)));
    }

    /** The spec, or a {@link MissingContractSpec} naming the instrument. */
    public ContractSpec require(Venue venue, String venueSymbol) {
        ContractSpec s = specs.get(key(venue, venueSymbol));
        if (s == null) throw new MissingContractSpec(venue, venueSymbol);
        return s;
    }

    public int size() {
        return specs.size();
    }

    private static String key(Venue venue, String venueSymbol) {
        return venue.id() + "|" + venueSymbol.toUpperCase(Locale.ROOT);
    }
}
