package io.spreadflow.job.cluster;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Splits the test class path the way a deployment splits it: what a Flink distribution's {@code lib/}
 * holds (Flink runtime, its shaded libraries, logging) runs the cluster, and everything else the job
 * needs goes into the job jar — the same artifact set the shade plugin packs ({@code job/pom.xml}).
 */
public final class TestClassPath {

    /** Jars of a Flink distribution's lib folder, by file-name prefix. */
    private static final List<String> DIST_PREFIXES = List.of("flink-", "log4j-", "slf4j-", "commons-", "kryo-", "minlog-",
            "objenesis-", "snakeyaml-engine-", "frocksdbjni-", "lz4-java-", "snappy-java-", "jsr305-", "javassist-", "icu4j-");
    /** Flink artifacts that are connectors or formats, not part of a distribution: the job jar carries them. */
    private static final List<String> NOT_IN_DIST = List.of("flink-avro-", "flink-connector-kafka-", "flink-test-utils");

    private final List<Path> entries;
    private final Path projectRoot;

    private TestClassPath(List<Path> entries, Path projectRoot) {
        this.entries = entries;
        this.projectRoot = projectRoot;
    }

    /** The class path surefire runs the tests with (its manifest-only jar hides it from java.class.path). */
    public static TestClassPath current() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> entries = Stream.of(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        Path root = Path.of(System.getProperty("spreadflow.root", "..")).toAbsolutePath().normalize();
        return new TestClassPath(entries, root);
    }

    /** The Flink runtime for the cluster JVMs. */
    public List<Path> flinkDistribution() {
        return entries.stream().filter(p -> {
            String name = p.getFileName().toString();
            if (!name.endsWith(".jar") || name.endsWith("-tests.jar")) return false;
            if (NOT_IN_DIST.stream().anyMatch(name::startsWith)) return false;
            return DIST_PREFIXES.stream().anyMatch(name::startsWith);
        }).toList();
    }

    /** The project's own compiled classes (each module's target/classes, or its jar). */
    private List<Path> projectEntries() {
        return entries.stream().filter(p -> p.toAbsolutePath().normalize().startsWith(projectRoot))
                .filter(p -> !p.toString().contains("test-classes")).toList();
    }

    /** The project's compiled class folders (empty when the modules are on the class path as jars). */
    public List<Path> projectClassDirectories() {
        return projectEntries().stream().filter(Files::isDirectory).toList();
    }

    /**
     * The job jar: {@code job/target/spreadflow-job-*-job.jar} when {@code mvn package} left one newer than
     * every compiled class, else the same content packed from the compiled classes into {@code work}.
     */
    public Path jobJar(Path work, String mainClass) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(target, "spreadflow-job-*-job.jar")) {
            for (Path packaged : ds) {
                if (Files.getLastModifiedTime(packaged).compareTo(newestClass()) > 0) return packaged;
            }
        }
        return assembleJobJar(Path.of("pom.xml"), work.resolve("spreadflow-job-test-job.jar"), mainClass);
    }

    private java.nio.file.attribute.FileTime newestClass() throws IOException {
        java.nio.file.attribute.FileTime newest = java.nio.file.attribute.FileTime.fromMillis(0);
        for (Path dir : projectClassDirectories()) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(f);
                    if (t.compareTo(newest) > 0) newest = t;
                }
            }
        }
        return newest;
    }

    /** The {@code groupId:artifactId} patterns the shade plugin packs into the job jar. */
    static List<String> shadeIncludes(Path pom) throws IOException {
        String xml = Files.readString(pom);
        Matcher set = Pattern.compile("<artifactSet>(.*?)</artifactSet>", Pattern.DOTALL).matcher(xml);
        if (!set.find()) throw new IllegalStateException(pom + " has no shade <artifactSet>");
        List<String> out = new ArrayList<>();
        Matcher inc = Pattern.compile("<include>([^<]+)</include>").matcher(set.group(1));
        while (inc.find()) out.add(inc.group(1).trim());
        return out;
    }

    /** Whether a jar in the local Maven repository is the artifact {@code groupId:artifactId} (or {@code groupId:*}). */
    private static boolean isArtifact(Path jar, String pattern) {
        String[] ga = pattern.split(":");
        String path = jar.toAbsolutePath().toString().replace(File.separatorChar, '/');
        String group = "/" + ga[0].replace('.', '/') + "/";
        if (ga[1].equals("*")) return path.contains(group);
        return path.contains(group + ga[1] + "/");
    }

    /**
     * Builds the job jar: the project's classes plus the shaded artifacts, service files merged, signature
     * files and logging configuration left out, {@code mainClass} in the manifest.
     */
    public Path assembleJobJar(Path pom, Path jar, String mainClass) throws IOException {
        List<String> includes = shadeIncludes(pom);
        List<Path> parts = new ArrayList<>(projectEntries());
        for (Path p : entries) {
            if (p.toString().endsWith(".jar") && !parts.contains(p) && includes.stream().anyMatch(i -> isArtifact(p, i))) parts.add(p);
        }
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            seen.add("META-INF/MANIFEST.MF");
            for (Path part : parts) {
                if (Files.isDirectory(part)) {
                    try (Stream<Path> files = Files.walk(part)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            String name = part.relativize(f).toString().replace(File.separatorChar, '/');
                            try (InputStream in = Files.newInputStream(f)) {
                                add(out, name, in, seen, services);
                            }
                        }
                    }
                } else if (Files.isRegularFile(part)) {
                    try (JarFile jf = new JarFile(part.toFile())) {
                        Enumeration<JarEntry> es = jf.entries();
                        while (es.hasMoreElements()) {
                            JarEntry e = es.nextElement();
                            if (e.isDirectory()) continue;
                            try (InputStream in = jf.getInputStream(e)) {
                                add(out, e.getName(), in, seen, services);
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> s : services.entrySet()) {
                out.putNextEntry(new JarEntry(s.getKey()));
                s.getValue().writeTo(out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, InputStream in, java.util.Set<String> seen,
                            Map<String, ByteArrayOutputStream> services) throws IOException {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA")
                || name.equals("log4j2.properties") || name.equals("log4j2.xml") || name.equals("log4j2-test.properties")
                || name.equals("module-info.class")) {
            return;
        }
        if (name.startsWith("META-INF/services/")) {
            ByteArrayOutputStream b = services.computeIfAbsent(name, k -> new ByteArrayOutputStream());
            in.transferTo(b);
            b.write('\n');
            return;
        }
        if (!seen.add(name)) return;
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }

}
