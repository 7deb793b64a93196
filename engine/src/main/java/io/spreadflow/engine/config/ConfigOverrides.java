package io.spreadflow.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values given on the command line that replace or add to the configuration file: strategy
 * parameters ({@code --param key=value}) and flags bound to a key of the file ({@code --bar-seconds 5}
 * sets {@code bar-seconds}). They are checked exactly like the file's values, and their errors name
 * the flag instead of a line.
 */
public final class ConfigOverrides {

    /** One value for the dotted {@code path} of a key, given by {@code flag}. */
    public record Override(String path, String value, String flag) {}

    private final List<Override> overrides = new ArrayList<>();

    public static ConfigOverrides none() {
        return new ConfigOverrides();
    }

    /** Adds {@code --param key=value}; a text without '=' is rejected with the flag in the message. */
    public ConfigOverrides param(String keyEqualsValue) {
        String flag = "--param " + keyEqualsValue;
        int eq = keyEqualsValue.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(new ConfigNode.Origin(flag, 0), "params", "expected --param key=value, e.g. --param entry_spread_threshold=-0.3");
        }
        String key = keyEqualsValue.substring(0, eq).trim();
        overrides.add(new Override("params." + key, keyEqualsValue.substring(eq + 1).trim(), flag));
        return this;
    }

    /** Adds every {@code key → value} as a {@code --param}. */
    public ConfigOverrides params(Map<String, String> params) {
        params.forEach((k, v) -> param(k + "=" + v));
        return this;
    }

    /** Adds a flag's value for the dotted key path it stands for, e.g. {@code set("bar-seconds", "5", "--bar-seconds")}. */
    public ConfigOverrides set(String path, String value, String flag) {
        overrides.add(new Override(path, value, flag + " " + value));
        return this;
    }

    public List<Override> list() {
        return List.copyOf(overrides);
    }

    /** The document with every override applied in order; later ones win. */
    public ConfigNode applyTo(ConfigNode root) {
        ConfigNode out = root;
        for (Override o : overrides) {
            ConfigNode.Origin origin = new ConfigNode.Origin(o.flag(), 0);
            String[] path = o.path().split("\\.");
            out = put(out, path, 0, ConfigYaml.scalar(o.value(), origin), origin);
        }
        return out;
    }

    private static ConfigNode put(ConfigNode node, String[] path, int depth, ConfigNode.Scalar value, ConfigNode.Origin origin) {
        String here = String.join(".", java.util.Arrays.copyOf(path, depth));
        if (!(node instanceof ConfigNode.Mapping m)) {
            throw new ConfigException(origin, here, "cannot set '" + String.join(".", path) + "': '" + here
                    + "' is " + node.describe() + " at " + node.origin() + ", not a mapping");
        }
        java.util.LinkedHashMap<String, ConfigNode.Entry> entries = new java.util.LinkedHashMap<>(m.entries());
        String key = path[depth];
        ConfigNode.Entry existing = entries.get(key);
        ConfigNode child;
        if (depth == path.length - 1) {
            child = value;
        } else {
            ConfigNode below = existing == null || isNull(existing.value())
                    ? new ConfigNode.Mapping(origin, Map.of()) : existing.value();
            child = put(below, path, depth + 1, value, origin);
        }
        entries.put(key, new ConfigNode.Entry(key, depth == path.length - 1 || existing == null ? origin : existing.keyOrigin(), child));
        return new ConfigNode.Mapping(m.origin(), entries);
    }

    private static boolean isNull(ConfigNode n) {
        return n instanceof ConfigNode.Scalar s && s.type() == ConfigNode.ScalarType.NULL;
    }
}
