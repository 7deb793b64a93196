package io.spreadflow.engine.config;

import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.StrategyRegistry;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a strategy deployment from one YAML file into a {@link StrategyConfig}, then applies
 * command-line overrides on top. Everything is checked at start-up: an unknown key, a value of the
 * wrong type or out of range fails with the file, the line and the key in the message, e.g.
 * {@code config.yaml:7: unknown key 'entry_sprad' under 'params' (did you mean 'entry_spread_threshold'?)}.
 *
 * <p>The file's keys (see {@code docs/writing-a-strategy.md} for a full example):
 * <pre>
 * strategy: rdn                    # id of a registered SignalStrategy
 * params: {entry_spread_threshold: -0.3, ...}   # the strategy's parameters, by their spec names
 * instruments: [LUNC-USDT]         # canonical BASE-QUOTE; none = every instrument the input has
 * venues: {spot: [mexc-spot], futures: gateio-futures}   # spot A, spot B, … in order
 * multi-spot: mean                 # mean | spot-a | cheapest (true = mean, false = spot-a); see StrategyConfig.MultiSpot
 * bar-seconds: 1                   # 0 = every tick is a row
 * stale-after: 0s                  # durations: 250ms, 5s, 2m, 24h
 * max-tick-skew: 1h
 * fees: {mexc-spot: {maker: 0, taker: 0.0005}}           # fractions of notional, per venue
 * sizing: {notional: 1000, starting-balances: {mexc-spot: 5000}}
 * risk: {max-notional: 0, max-open-positions: 0, max-loss: 0, cool-down: 0s}   # 0 = no limit
 * execution: {mode: in-job, fill-latency: 0ms, leg-timeout: 5s, on-leg-failure: unwind,
 *             walk-book: false, slippage-ticks: 0, tick-sizes: {mexc-spot: 0.00000001},
 *             max-held-ticks: 100000, max-early-reports: 10000}   # mode: service = the execution service fills
 * </pre>
 */
public final class StrategyConfigLoader {

    private static final Pattern INSTRUMENT = Pattern.compile("[A-Z0-9]+-[A-Z0-9]+");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final BigDecimal MAX_FEE = new BigDecimal("0.1");
    private static final BigDecimal MIN_FEE = new BigDecimal("-0.01");

    private final Map<String, List<ParameterSpec>> parametersById = new LinkedHashMap<>();

    /** A loader that knows every strategy of the registry. */
    public StrategyConfigLoader(StrategyRegistry registry) {
        this(registry.all());
    }

    /** A loader that knows these strategies. */
    public StrategyConfigLoader(Collection<? extends SignalStrategy<?>> strategies) {
        for (SignalStrategy<?> s : strategies) parametersById.put(s.id(), List.copyOf(s.parameters()));
    }

    /** Loads a file. */
    public StrategyConfig load(Path file) {
        return load(file, ConfigOverrides.none());
    }

    /** Loads a file and applies the overrides on top; flags win over the file. */
    public StrategyConfig load(Path file, ConfigOverrides overrides) {
        return read(ConfigYaml.read(file), overrides);
    }

    /** Parses YAML text; {@code source} is the name errors show. */
    public StrategyConfig parse(String yaml, String source, ConfigOverrides overrides) {
        return read(ConfigYaml.parse(yaml, source), overrides);
    }

    /** Reads a parsed document with overrides applied. */
    public StrategyConfig read(ConfigNode document, ConfigOverrides overrides) {
        ConfigNode doc = overrides.applyTo(document);
        ConfigSection root = ConfigSection.of(doc, "");
        root.allow("strategy", "params", "instruments", "venues", "multi-spot", "bar-seconds", "stale-after",
                "max-tick-skew", "fees", "sizing", "risk", "execution");
        root.finish();

        String id = root.requireString("strategy");
        List<ParameterSpec> specs = parametersById.get(id);
        if (specs == null) {
            ConfigNode.Origin at = root.node("strategy").map(ConfigNode::origin).orElse(root.origin());
            String hint = ConfigSection.closest(id, parametersById.keySet()).map(s -> " (did you mean '" + s + "'?)")
                    .orElse(" (registered: " + String.join(", ", parametersById.keySet()) + ")");
            throw new ConfigException(at, "strategy", "unknown strategy '" + id + "'" + hint);
        }
        StrategyConfigBuilder b = StrategyConfig.builder(id);
        b.params(params(root.sectionOrEmpty("params"), specs));

        List<String> instruments = root.strings("instruments").orElse(List.of());
        for (String instrument : instruments) {
            if (!INSTRUMENT.matcher(instrument).matches()) {
                throw new ConfigException(root.node("instruments").orElseThrow().origin(), "instruments",
                        "instrument '" + instrument + "' is not in the canonical form BASE-QUOTE, e.g. BTC-USDT");
            }
        }
        b.instruments(instruments);

        StrategyConfig.VenueRoles venues = venues(root);
        b.venues(venues);
        multiSpot(root).ifPresent(b::multiSpot);
        root.integer("bar-seconds", 0, 86_400).ifPresent(v -> b.barSeconds(v.intValue()));
        duration(root, "stale-after", false).ifPresent(b::staleAfter);
        duration(root, "max-tick-skew", true).ifPresent(b::maxTickSkew);
        b.fees(fees(root.sectionOrEmpty("fees"), venues));
        b.sizing(sizing(root.sectionOrEmpty("sizing"), venues));
        b.risk(risk(root.sectionOrEmpty("risk")));
        b.execution(execution(root.sectionOrEmpty("execution"), venues));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(root.origin(), "", e.getMessage());
        }
    }

    private static Map<String, Object> params(ConfigSection section, List<ParameterSpec> specs) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec s : specs) byName.put(s.name(), s);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : section.keys()) {
            ParameterSpec spec = byName.get(key);
            if (spec == null) throw ConfigSection.unknownKey(section.originOf(key), key, "params", byName.keySet());
            ConfigNode n = section.node(key).orElseThrow(() -> ConfigSection.wrongType(
                    new ConfigNode.Scalar(section.originOf(key), "", ConfigNode.ScalarType.NULL), section.pathOf(key), "a value"));
            out.put(key, paramValue(spec, n, section.pathOf(key)));
        }
        return out;
    }

    /** Checks one parameter value against its spec: type first, then range. */
    static Object paramValue(ParameterSpec spec, ConfigNode n, String path) {
        ConfigNode.Scalar s = n instanceof ConfigNode.Scalar sc ? sc : null;
        ConfigNode.ScalarType t = s == null ? null : s.type();
        Object value = switch (spec.type()) {
            case DOUBLE -> {
                if (t != ConfigNode.ScalarType.INTEGER && t != ConfigNode.ScalarType.DECIMAL) throw ConfigSection.wrongType(n, path, "a number");
                double d = Double.parseDouble(s.text().replace("_", ""));
                if (!Double.isFinite(d)) throw ConfigSection.wrongType(n, path, "a finite number");
                yield d;
            }
            case INT, LONG -> {
                if (t != ConfigNode.ScalarType.INTEGER) throw ConfigSection.wrongType(n, path, "an integer");
                long l;
                try {
                    l = Long.parseLong(s.text().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw ConfigSection.wrongType(n, path, "an integer");
                }
                if (spec.type() == ParameterSpec.Type.INT && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                    throw ConfigSection.outOfRange(n, path, s.text(), spec.min(), spec.max() == null ? (double) Integer.MAX_VALUE : spec.max());
                }
                yield spec.type() == ParameterSpec.Type.INT ? (Object) (int) l : (Object) l;
            }
            case BOOLEAN -> {
                if (t != ConfigNode.ScalarType.BOOLEAN) throw ConfigSection.wrongType(n, path, "true or false");
                yield Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
            }
            case STRING -> {
                if (s == null || t == ConfigNode.ScalarType.NULL) throw ConfigSection.wrongType(n, path, "a text value");
                yield s.text();
            }
        };
        if (value instanceof Number num) {
            double d = num.doubleValue();
            if ((spec.min() != null && d < spec.min()) || (spec.max() != null && d > spec.max())) {
                throw ConfigSection.outOfRange(n, path, s.text(), spec.min(), spec.max());
            }
        }
        try {
            return spec.accept(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.origin(), path, e.getMessage());
        }
    }

    /** {@code mean}, {@code spot-a} or {@code cheapest}; the older {@code true}/{@code false} mean the first two. */
    private static Optional<StrategyConfig.MultiSpot> multiSpot(ConfigSection root) {
        Optional<ConfigNode> n = root.node("multi-spot");
        if (n.isPresent() && n.get() instanceof ConfigNode.Scalar s && s.type() == ConfigNode.ScalarType.BOOLEAN) {
            return root.bool("multi-spot").map(v -> v ? StrategyConfig.MultiSpot.MEAN : StrategyConfig.MultiSpot.SPOT_A);
        }
        return choice(root, "multi-spot", StrategyConfig.MultiSpot.class);
    }

    private static StrategyConfig.VenueRoles venues(ConfigSection root) {
        ConfigSection v = root.section("venues").orElseThrow(() -> new ConfigException(root.origin(), "venues",
                "missing key 'venues' (e.g. venues: {spot: [mexc-spot], futures: gateio-futures})"));
        List<String> spot = v.strings("spot").orElse(List.of());
        String futures = v.string("futures").orElse(null);
        v.finish();
        List<String> seen = new ArrayList<>();
        for (String venue : spot) {
            if (seen.contains(venue)) {
                throw new ConfigException(v.originOf("spot"), "venues.spot", "spot venue '" + venue + "' is listed twice");
            }
            seen.add(venue);
        }
        if (futures != null && spot.contains(futures)) {
            throw new ConfigException(v.originOf("futures"), "venues.futures", "venue '" + futures + "' is both a spot and the futures venue");
        }
        if (spot.isEmpty() && futures == null) {
            throw new ConfigException(v.origin(), "venues", "no venue configured: give 'spot' and/or 'futures' under 'venues'");
        }
        return new StrategyConfig.VenueRoles(spot, futures);
    }

    private static Map<String, StrategyConfig.VenueFees> fees(ConfigSection fees, StrategyConfig.VenueRoles venues) {
        Map<String, StrategyConfig.VenueFees> out = new LinkedHashMap<>();
        for (String venue : fees.keys()) {
            if (!venues.all().contains(venue)) throw ConfigSection.unknownKey(fees.originOf(venue), venue, "fees", venues.all());
            ConfigSection f = fees.section(venue).orElseThrow(() -> fees.missing(venue));
            BigDecimal maker = f.decimal("maker", MIN_FEE, MAX_FEE).orElse(BigDecimal.ZERO);
            BigDecimal taker = f.decimal("taker", MIN_FEE, MAX_FEE).orElse(BigDecimal.ZERO);
            f.finish();
            out.put(venue, new StrategyConfig.VenueFees(maker, taker));
        }
        return out;
    }

    private static StrategyConfig.Sizing sizing(ConfigSection s, StrategyConfig.VenueRoles venues) {
        BigDecimal notional = s.decimal("notional", new BigDecimal("0.00000001"), null)
                .orElse(StrategyConfig.Sizing.DEFAULT.notionalQuote());
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        ConfigSection b = s.sectionOrEmpty("starting-balances");
        for (String venue : b.keys()) {
            if (!venues.all().contains(venue)) throw ConfigSection.unknownKey(b.originOf(venue), venue, b.path(), venues.all());
            balances.put(venue, b.decimal(venue, BigDecimal.ZERO, null).orElse(BigDecimal.ZERO));
        }
        s.finish();
        return new StrategyConfig.Sizing(notional, balances);
    }

    private static StrategyConfig.RiskLimits risk(ConfigSection r) {
        StrategyConfig.RiskLimits d = StrategyConfig.RiskLimits.NONE;
        BigDecimal maxNotional = r.decimal("max-notional", BigDecimal.ZERO, null).orElse(d.maxNotionalQuote());
        int maxOpen = r.integer("max-open-positions", 0, 1_000_000).map(Long::intValue).orElse(d.maxOpenPositions());
        BigDecimal maxLoss = r.decimal("max-loss", BigDecimal.ZERO, null).orElse(d.maxLossQuote());
        Duration coolDown = duration(r, "cool-down", false).orElse(d.entryCooldown());
        r.finish();
        return new StrategyConfig.RiskLimits(maxNotional, maxOpen, maxLoss, coolDown);
    }

    private static StrategyConfig.ExecutionSettings execution(ConfigSection e, StrategyConfig.VenueRoles venues) {
        StrategyConfig.ExecutionSettings d = StrategyConfig.ExecutionSettings.DEFAULT;
        StrategyConfig.ExecutionMode mode = choice(e, "mode", StrategyConfig.ExecutionMode.class).orElse(d.mode());
        Duration latency = duration(e, "fill-latency", false).orElse(d.fillLatency());
        Duration legTimeout = duration(e, "leg-timeout", true).orElse(d.legTimeout());
        StrategyConfig.LegFailurePolicy onFailure = choice(e, "on-leg-failure", StrategyConfig.LegFailurePolicy.class).orElse(d.onLegFailure());
        boolean walkBook = e.bool("walk-book").orElse(d.walkBook());
        int slippage = e.integer("slippage-ticks", 0, 1_000_000).map(Long::intValue).orElse(d.slippageTicks());
        int maxHeld = e.integer("max-held-ticks", 0, Integer.MAX_VALUE).map(Long::intValue).orElse(d.maxHeldTicks());
        int maxEarly = e.integer("max-early-reports", 1, Integer.MAX_VALUE).map(Long::intValue).orElse(d.maxEarlyReports());
        Map<String, Double> ticks = new LinkedHashMap<>();
        ConfigSection t = e.sectionOrEmpty("tick-sizes");
        for (String venue : t.keys()) {
            if (!venues.all().contains(venue)) throw ConfigSection.unknownKey(t.originOf(venue), venue, t.path(), venues.all());
            BigDecimal tick = t.decimal(venue, BigDecimal.ZERO, null).orElseThrow(() -> t.missing(venue));
            if (tick.signum() == 0) throw ConfigSection.outOfRange(t.node(venue).orElseThrow(), t.pathOf(venue), "0", "a positive number", null);
            ticks.put(venue, tick.doubleValue());
        }
        e.finish();
        return new StrategyConfig.ExecutionSettings(mode, latency, legTimeout, onFailure, walkBook, slippage, ticks, maxHeld, maxEarly);
    }

    /** An enum value written in lower case with dashes ({@code in-job} for {@code IN_JOB}). */
    private static <E extends Enum<E>> Optional<E> choice(ConfigSection s, String key, Class<E> type) {
        return s.string(key).map(text -> {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(StrategyConfigLoader::spelling).toList();
            for (E c : type.getEnumConstants()) if (spelling(c).equals(text.toLowerCase(Locale.ROOT))) return c;
            throw new ConfigException(s.node(key).orElseThrow().origin(), s.pathOf(key),
                    "'" + s.pathOf(key) + "' must be one of " + String.join(", ", names) + ", found '" + text + "'"
                            + ConfigSection.closest(text, names).map(n -> " (did you mean '" + n + "'?)").orElse(""));
        });
    }

    private static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A duration written as a number and a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 24h}, {@code 1d}; {@code 0} alone is allowed. */
    static Optional<Duration> duration(ConfigSection s, String key, boolean positive) {
        return s.node(key).map(n -> {
            String path = s.pathOf(key);
            String text = n instanceof ConfigNode.Scalar sc ? sc.text().trim() : "";
            Duration d;
            if (text.equals("0")) {
                d = Duration.ZERO;
            } else {
                Matcher m = DURATION.matcher(text);
                if (!(n instanceof ConfigNode.Scalar) || !m.matches()) {
                    throw ConfigSection.wrongType(n, path, "a duration with a unit (250ms, 5s, 2m, 24h)");
                }
                BigDecimal amount = new BigDecimal(m.group(1));
                long micros = switch (m.group(2)) {
                    case "ms" -> 1_000L;
                    case "s" -> 1_000_000L;
                    case "m" -> 60_000_000L;
                    case "h" -> 3_600_000_000L;
                    default -> 86_400_000_000L;
                };
                d = Duration.ofNanos(amount.multiply(BigDecimal.valueOf(micros * 1000)).longValueExact());
            }
            if (positive && d.isZero()) throw ConfigSection.outOfRange(n, path, text, "more than 0", null);
            return d;
        });
    }
}
