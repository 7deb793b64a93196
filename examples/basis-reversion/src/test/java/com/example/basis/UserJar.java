package com.example.basis;

import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This module's compiled classes packed into a jar, the way a user ships a strategy, and loaded
 * through a class loader of its own. The test classpath deliberately lacks those classes (see the
 * surefire configuration), so the framework can only reach the strategy through {@link ServiceLoader}.
 */
final class UserJar {

    private UserJar() {}

    /** Builds {@code basis-reversion.jar} in {@code dir} from {@code target/classes}. */
    static Path build(Path dir) {
        Path classes = Path.of(System.getProperty("basis.classes"));
        Path jar = dir.resolve("basis-reversion.jar");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** A class loader over the jar whose parent is the framework's (the test's) class loader. */
    static URLClassLoader open(Path jar) {
        try {
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, UserJar.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The strategy with {@code id} among those {@link ServiceLoader} finds through {@code loader}. */
    @SuppressWarnings("unchecked")
    static SignalStrategy<java.io.Serializable> strategy(ClassLoader loader, String id) {
        List<SignalStrategy<?>> found = ServiceLoader.load(SignalStrategy.class, loader).stream()
                .<SignalStrategy<?>>map(p -> p.get()).filter(s -> s.id().equals(id)).toList();
        assertThat(found).as("strategies with id '%s' found through ServiceLoader", id).hasSize(1);
        return (SignalStrategy<java.io.Serializable>) found.get(0);
    }
}
