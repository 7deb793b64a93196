package io.spreadflow.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link ConfigNode}s that keep their line numbers. Jackson's own tree drops
 * locations, so the document is built from the parser's token stream instead.
 */
public final class ConfigYaml {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private ConfigYaml() {}

    /** Reads a file; the file's name (not its full path) is what error messages show. */
    public static ConfigNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new ConfigNode.Origin(file.toString(), 0), "", "cannot read configuration: " + e.getMessage());
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * Parses a document. An empty document is an empty mapping.
     *
     * @param source the name errors give for this text, usually the file name
     */
    public static ConfigNode parse(String text, String source) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new ConfigNode.Mapping(new ConfigNode.Origin(source, 1), Map.of());
            ConfigNode root = node(p, source, "");
            if (p.nextToken() != null) {
                throw new ConfigException(new ConfigNode.Origin(source, line(p)), "", "more than one YAML document in the file");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(new ConfigNode.Origin(source, line), "", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(new ConfigNode.Origin(source, 0), "", "cannot read configuration: " + e.getMessage());
        }
    }

    /**
     * Parses a single value as written after {@code key:} in YAML, so that {@code --param x=5} gets the
     * same implicit type ({@code 5} an integer, {@code abc} text) as the same value in a file.
     */
    public static ConfigNode.Scalar scalar(String text, ConfigNode.Origin origin) {
        ConfigNode n;
        try {
            n = parse("v: " + text, origin.source());
        } catch (ConfigException e) {
            return new ConfigNode.Scalar(origin, text, ConfigNode.ScalarType.STRING);
        }
        if (n instanceof ConfigNode.Mapping m && m.entries().get("v") != null
                && m.entries().get("v").value() instanceof ConfigNode.Scalar s) {
            return new ConfigNode.Scalar(origin, s.text(), s.type());
        }
        return new ConfigNode.Scalar(origin, text, ConfigNode.ScalarType.STRING);
    }

    private static ConfigNode node(JsonParser p, String source, String path) throws IOException {
        ConfigNode.Origin origin = new ConfigNode.Origin(source, line(p));
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    ConfigNode.Origin keyOrigin = new ConfigNode.Origin(source, line(p));
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new ConfigException(keyOrigin, childPath, "duplicate key '" + key + "'"
                                + (path.isEmpty() ? "" : " under '" + path + "'")
                                + " (first at line " + entries.get(key).keyOrigin().line() + ")");
                    }
                    p.nextToken();
                    entries.put(key, new ConfigNode.Entry(key, keyOrigin, node(p, source, childPath)));
                }
                return new ConfigNode.Mapping(origin, entries);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(p, source, path + "[" + i++ + "]"));
                return new ConfigNode.Sequence(origin, items);
            }
            case VALUE_NUMBER_INT -> {
                return new ConfigNode.Scalar(origin, p.getText(), ConfigNode.ScalarType.INTEGER);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ConfigNode.Scalar(origin, p.getText(), ConfigNode.ScalarType.DECIMAL);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ConfigNode.Scalar(origin, p.getText(), ConfigNode.ScalarType.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new ConfigNode.Scalar(origin, "", ConfigNode.ScalarType.NULL);
            }
            default -> {
                return new ConfigNode.Scalar(origin, p.getText(), ConfigNode.ScalarType.STRING);
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
