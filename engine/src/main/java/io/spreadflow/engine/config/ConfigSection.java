package io.spreadflow.engine.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one mapping of a configuration document key by key. Every key read is remembered, so that
 * {@link #finish()} can reject the keys nobody asked for, with a suggestion for a likely typo.
 * Every error names the key's dotted path and the line it was written on.
 */
public final class ConfigSection {

    private final ConfigNode.Mapping mapping;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    public ConfigSection(ConfigNode.Mapping mapping, String path) {
        this.mapping = mapping;
        this.path = path;
    }

    /** Reads a node that must be a mapping; {@code what} names it in the error. */
    public static ConfigSection of(ConfigNode node, String path) {
        if (node instanceof ConfigNode.Mapping m) return new ConfigSection(m, path);
        throw new ConfigException(node.origin(), path, "'" + path + "' must be a mapping of keys to values, found " + node.describe());
    }

    public String path() {
        return path;
    }

    public ConfigNode.Origin origin() {
        return mapping.origin();
    }

    /** The dotted path of a key in this section. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The keys present in this section, in document order. */
    public List<String> keys() {
        return new ArrayList<>(mapping.entries().keySet());
    }

    /** Marks keys as allowed without reading them yet, so that {@link #finish()} can run first. */
    public ConfigSection allow(String... keys) {
        known.addAll(List.of(keys));
        return this;
    }

    /** Marks a key as allowed and returns its node if present. */
    public Optional<ConfigNode> node(String key) {
        known.add(key);
        ConfigNode.Entry e = mapping.entries().get(key);
        if (e == null) return Optional.empty();
        if (e.value() instanceof ConfigNode.Scalar s && s.type() == ConfigNode.ScalarType.NULL) return Optional.empty();
        return Optional.of(e.value());
    }

    /** The origin of a key (its line), or of the section when the key is absent. */
    public ConfigNode.Origin originOf(String key) {
        ConfigNode.Entry e = mapping.entries().get(key);
        return e == null ? mapping.origin() : e.keyOrigin();
    }

    public Optional<ConfigSection> section(String key) {
        return node(key).map(n -> of(n, pathOf(key)));
    }

    /** A sub-mapping that may be absent; absent reads as empty. */
    public ConfigSection sectionOrEmpty(String key) {
        return section(key).orElseGet(() -> new ConfigSection(
                new ConfigNode.Mapping(mapping.origin(), java.util.Map.of()), pathOf(key)));
    }

    public Optional<String> string(String key) {
        return node(key).map(n -> asString(n, pathOf(key)));
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    /** A list of strings; a single string is accepted as a list of one. */
    public Optional<List<String>> strings(String key) {
        return node(key).map(n -> {
            String p = pathOf(key);
            if (n instanceof ConfigNode.Scalar) return List.of(asString(n, p));
            if (n instanceof ConfigNode.Sequence s) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < s.items().size(); i++) out.add(asString(s.items().get(i), p + "[" + i + "]"));
                return out;
            }
            throw wrongType(n, p, "a list of names");
        });
    }

    public Optional<Boolean> bool(String key) {
        return node(key).map(n -> {
            if (n instanceof ConfigNode.Scalar s && s.type() == ConfigNode.ScalarType.BOOLEAN) {
                return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
            }
            throw wrongType(n, pathOf(key), "true or false");
        });
    }

    /** An integer within [min, max]. */
    public Optional<Long> integer(String key, long min, long max) {
        return node(key).map(n -> {
            String p = pathOf(key);
            if (!(n instanceof ConfigNode.Scalar s) || s.type() != ConfigNode.ScalarType.INTEGER) throw wrongType(n, p, "an integer");
            long v;
            try {
                v = Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                throw wrongType(n, p, "an integer");
            }
            if (v < min || v > max) throw outOfRange(n, p, s.text(), min, max);
            return v;
        });
    }

    /** A decimal number within [min, max] (either bound may be null), kept exact for money. */
    public Optional<BigDecimal> decimal(String key, BigDecimal min, BigDecimal max) {
        return node(key).map(n -> {
            String p = pathOf(key);
            BigDecimal v = asDecimal(n, p);
            if ((min != null && v.compareTo(min) < 0) || (max != null && v.compareTo(max) > 0)) {
                throw outOfRange(n, p, ((ConfigNode.Scalar) n).text(), min, max);
            }
            return v;
        });
    }

    /**
     * Rejects every key of this section that no reader asked for. Called once the section has been
     * read completely.
     */
    public void finish() {
        for (ConfigNode.Entry e : mapping.entries().values()) {
            if (!known.contains(e.key())) throw unknownKey(e.keyOrigin(), e.key(), path, known);
        }
    }

    /** The error for a key that is not allowed under {@code parent}, with a suggestion when one is close. */
    public static ConfigException unknownKey(ConfigNode.Origin origin, String key, String parent, Collection<String> allowed) {
        String where = parent.isEmpty() ? " at the top level" : " under '" + parent + "'";
        StringBuilder msg = new StringBuilder("unknown key '").append(key).append("'").append(where);
        Optional<String> near = closest(key, allowed);
        if (near.isPresent()) msg.append(" (did you mean '").append(near.get()).append("'?)");
        else if (!allowed.isEmpty()) msg.append(" (expected one of: ").append(String.join(", ", allowed)).append(")");
        return new ConfigException(origin, parent.isEmpty() ? key : parent + "." + key, msg.toString());
    }

    /** The allowed name nearest to a misspelt one, if it is near enough to be a plausible typo. */
    public static Optional<String> closest(String key, Collection<String> allowed) {
        String k = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String a : allowed) {
            int[] row = editRow(k, a.toLowerCase(Locale.ROOT));
            int score = row[row.length - 1];
            if (k.length() >= 4) {
                // a shortened, misspelt name ('entry_sprad' for 'entry_spread_threshold') is a typo too
                int prefix = Integer.MAX_VALUE;
                for (int d : row) prefix = Math.min(prefix, d);
                score = Math.min(score, prefix + 1);
            }
            if (score < bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best != null && bestScore <= Math.max(2, k.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] row = editRow(a, b);
        return row[b.length()];
    }

    /** Element j is the edit distance between all of {@code a} and the first j characters of {@code b}. */
    private static int[] editRow(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev;
    }

    ConfigException missing(String key) {
        return new ConfigException(mapping.origin(), pathOf(key),
                "missing key '" + key + "'" + (path.isEmpty() ? "" : " under '" + path + "'"));
    }

    static String asString(ConfigNode n, String path) {
        if (n instanceof ConfigNode.Scalar s && s.type() != ConfigNode.ScalarType.NULL && !s.text().isBlank()) return s.text().trim();
        throw wrongType(n, path, "a name");
    }

    static BigDecimal asDecimal(ConfigNode n, String path) {
        if (n instanceof ConfigNode.Scalar s
                && (s.type() == ConfigNode.ScalarType.INTEGER || s.type() == ConfigNode.ScalarType.DECIMAL)) {
            try {
                return new BigDecimal(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                // '.inf' and '.nan' are YAML numbers but no usable setting
            }
        }
        throw wrongType(n, path, "a number");
    }

    static ConfigException wrongType(ConfigNode n, String path, String expected) {
        return new ConfigException(n.origin(), path, "'" + path + "' must be " + expected + ", found " + n.describe());
    }

    static ConfigException outOfRange(ConfigNode n, String path, String text, Object min, Object max) {
        String range;
        if (min instanceof String phrase) range = phrase;
        else if (min != null && max != null) range = "between " + plain(min) + " and " + plain(max);
        else if (min != null) range = "at least " + plain(min);
        else range = "at most " + plain(max);
        return new ConfigException(n.origin(), path, "'" + path + "' = " + text + " is out of range: it must be " + range);
    }

    private static String plain(Object bound) {
        if (bound instanceof BigDecimal b) return b.stripTrailingZeros().toPlainString();
        if (bound instanceof Double d) return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        if (bound instanceof Long l && l == Long.MAX_VALUE) return "any";
        return String.valueOf(bound);
    }
}
