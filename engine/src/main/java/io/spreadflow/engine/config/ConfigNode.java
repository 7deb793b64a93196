package io.spreadflow.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a configuration document that remembers where it was written, so that every error can
 * name the file and line. Values given on the command line carry the flag as their {@link Origin}.
 */
public sealed interface ConfigNode permits ConfigNode.Mapping, ConfigNode.Sequence, ConfigNode.Scalar {

    /** Where a node came from: a file and line, or a command-line flag. */
    record Origin(String source, int line) {
        /** {@code config.yaml:7} for a file, the flag text for the command line. */
        @Override
        public String toString() {
            return line > 0 ? source + ":" + line : source;
        }
    }

    Origin origin();

    /** A short word for the node's kind, used in type errors ("a mapping", "a list", "a number"…). */
    String describe();

    /** A YAML mapping; keys keep their own origin (the line of the key, which is what a reader looks for). */
    record Mapping(Origin origin, Map<String, Entry> entries) implements ConfigNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One {@code key: value} of a mapping. */
    record Entry(String key, Origin keyOrigin, ConfigNode value) {}

    /** A YAML sequence. */
    record Sequence(Origin origin, List<ConfigNode> items) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** The implicit YAML type of a scalar, as the parser resolved it. */
    enum ScalarType { INTEGER, DECIMAL, BOOLEAN, NULL, STRING }

    /** A YAML scalar with its text as written and its resolved type. */
    record Scalar(Origin origin, String text, ScalarType type) implements ConfigNode {
        @Override
        public String describe() {
            return switch (type) {
                case INTEGER -> "an integer (" + text + ")";
                case DECIMAL -> "a number (" + text + ")";
                case BOOLEAN -> "a boolean (" + text + ")";
                case NULL -> "an empty value";
                case STRING -> "the text '" + text + "'";
            };
        }
    }
}
