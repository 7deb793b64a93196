package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The files {@code report.html} is assembled from, read once from the classpath: the page's own
 * template, script and style, and the charting library (uPlot), whose npm tarball the engine build fetches
 * (version and sha512 pinned in {@code engine/pom.xml}) and copies into the jar.
 */
record ReportPageAssets(String template, String pageJs, String pageCss, String chartJs, String chartCss,
                        String chartNotice) {

    private static final String BASE = "/io/spreadflow/engine/report/";

    private static volatile ReportPageAssets loaded;

    static ReportPageAssets get() {
        ReportPageAssets a = loaded;
        if (a == null) {
            a = load();
            loaded = a;
        }
        return a;
    }

    private static ReportPageAssets load() {
        String chartJs = read("web/dist/uPlot.iife.min.js");
        String chartCss = read("web/dist/uPlot.min.css");
        // inlined into <script> and <style>: a closing tag inside would end the element early
        if (chartJs.toLowerCase(Locale.ROOT).contains("</script") || chartCss.toLowerCase(Locale.ROOT).contains("</style")) {
            throw new IllegalStateException("the charting library contains a closing tag and cannot be inlined");
        }
        String version;
        try {
            JsonNode pkg = ReportFolder.JSON.readTree(read("web/package.json"));
            version = pkg.path("name").asText() + " " + pkg.path("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String notice = version + "\n" + read("web/LICENSE").replace("*/", "* /");
        return new ReportPageAssets(read("report-page.html"), read("report-page.js"), read("report-page.css"),
                chartJs, chartCss, notice);
    }

    private static String read(String name) {
        try (InputStream in = ReportPageAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("report asset " + BASE + name + " is missing from the classpath; "
                        + "the engine build copies it there (mvn -pl engine process-resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
