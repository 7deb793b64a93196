package io.spreadflow.engine.config;

/**
 * A configuration that cannot be used. The message starts with where the problem was written
 * ({@code config.yaml:7: } or {@code --param x=1: }) and names the key, so start-up fails with a line
 * a user can act on.
 */
public final class ConfigException extends RuntimeException {

    private final ConfigNode.Origin origin;
    private final String key;

    public ConfigException(ConfigNode.Origin origin, String key, String problem) {
        super(origin + ": " + problem);
        this.origin = origin;
        this.key = key;
    }

    /** The file and line (or flag) the problem was found at. */
    public ConfigNode.Origin origin() {
        return origin;
    }

    /** The dotted path of the key at fault, e.g. {@code params.entry_spread_threshold}. */
    public String key() {
        return key;
    }
}
