package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.files.RealData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Reads recorded messages and their fields independently of the parsers under test. */
final class RecordedMessages {

    private RecordedMessages() {}

    /** The JSON of the first {@code n} bookTicker messages of an hftbacktest Binance recording. */
    static List<String> binanceBookTickers(String rel, int n) throws IOException {
        Path raw = RealData.require("data/" + rel);
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(raw)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null && out.size() < n; ) {
                if (line.contains("@bookTicker\",\"data\"")) out.add(line.substring(line.indexOf(' ') + 1));
            }
        }
        return out;
    }

    /**
     * The quote a Binance bookTicker message (one of {@link #binanceBookTickers}) carries for
     * {@code instrument}; {@code exchangeTsUs} is the exchange time the venue's messages give, or null.
     */
    static FeedAdapterContract.Expected binanceQuote(Venue venue, String instrument, String message, Long exchangeTsUs) {
        return new FeedAdapterContract.Expected(venue, instrument, str(message, "s"), Double.parseDouble(str(message, "b")),
                Double.parseDouble(str(message, "B")), Double.parseDouble(str(message, "a")), Double.parseDouble(str(message, "A")),
                exchangeTsUs, Long.parseLong(num(message, "u")));
    }

    /** The received frames of a cryptofeed session that contain every one of {@code mustContain}. */
    static List<String> cryptofeedFrames(String file, String... mustContain) throws IOException {
        Path raw = RealData.require("data/payloads/" + file);
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(raw)) {
            if (line.contains(" <- ") || line.contains(" <-> ")) continue;
            boolean all = true;
            for (String s : mustContain) all &= line.contains(s);
            if (all) out.add(line.substring(line.indexOf(": ") + 2));
        }
        return out;
    }

    /** A string field {@code "name":"value"}. */
    static String str(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new AssertionError("no string field " + name + " in " + json);
        return m.group(1);
    }

    /** A number field {@code "name":123}. */
    static String num(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.]+)").matcher(json);
        if (!m.find()) throw new AssertionError("no number field " + name + " in " + json);
        return m.group(1);
    }
}
