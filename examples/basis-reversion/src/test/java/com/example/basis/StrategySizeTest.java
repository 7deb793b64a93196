package com.example.basis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The design's promise: a new strategy is one class of under 100 lines. */
class StrategySizeTest {

    @Test
    void theStrategyIsOneClassOfUnderHundredLines() throws IOException {
        Path sources = Path.of(System.getProperty("basis.sources"));
        try (var files = Files.walk(sources)) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).map(f -> sources.relativize(f).toString()))
                    .containsExactly("com/example/basis/BasisReversionStrategy.java");
        }
        String source = Files.readString(sources.resolve("com/example/basis/BasisReversionStrategy.java"));
        int lines = codeLines(source);
        assertThat(lines).as("lines of code, without blanks, comments and imports").isLessThan(100).isGreaterThan(40);
    }

    @Test
    void commentsBlanksAndImportsAreNotCounted() {
        String source = """
                package x;

                import java.util.List; // an import
                /** Javadoc
                 * over lines */
                class A { // trailing comment counts as code
                    /* one */ int a; /* two
                    lines */
                    String s = "/* not a comment */";
                }
                """;
        assertThat(codeLines(source)).isEqualTo(5);
    }

    /** Lines that hold code once comments are removed, excluding blank lines and import statements. */
    static int codeLines(String source) {
        StringBuilder code = new StringBuilder();
        boolean block = false;
        boolean string = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : '\0';
            if (block) {
                if (c == '*' && next == '/') {
                    block = false;
                    i++;
                } else if (c == '\n') {
                    code.append('\n');
                }
            } else if (string) {
                code.append(c);
                if (c == '\\') code.append(source.charAt(++i));
                else if (c == '"' || c == '\n') string = false;
            } else if (c == '/' && next == '*') {
                block = true;
                i++;
            } else if (c == '/' && next == '/') {
                while (i < source.length() && source.charAt(i) != '\n') i++;
                code.append('\n');
            } else {
                if (c == '"') string = true;
                code.append(c);
            }
        }
        int n = 0;
        for (String line : code.toString().split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("import ")) n++;
        }
        return n;
    }
}
