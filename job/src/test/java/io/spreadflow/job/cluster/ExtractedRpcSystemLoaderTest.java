package io.spreadflow.job.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flink's RPC jar extracted once into a private directory and loaded from there. */
class ExtractedRpcSystemLoaderTest {

    private static URL rpcJar() {
        URL url = RpcSystem.class.getClassLoader().getResource(ExtractedRpcSystemLoader.RPC_JAR);
        assertThat(url).as("Flink's RPC loader jar on the class path").isNotNull();
        return url;
    }

    @Test
    void theCopyHasTheJarEntrysBytesAndIsWrittenOnce(@TempDir Path dir) throws Exception {
        Path copy = ExtractedRpcSystemLoader.extracted(rpcJar(), dir);
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(copy));
        JarURLConnection c = (JarURLConnection) rpcJar().openConnection();
        assertThat(crc.getValue()).isEqualTo(c.getJarEntry().getCrc());
        assertThat(Files.size(copy)).isEqualTo(c.getJarEntry().getSize());

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(copy, old);
        assertThat(ExtractedRpcSystemLoader.extracted(rpcJar(), dir)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("not written again").isEqualTo(old);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(copy);
        }
    }

    @Test
    void aCopyOfTheWrongSizeIsReplaced(@TempDir Path dir) throws Exception {
        Path copy = ExtractedRpcSystemLoader.extracted(rpcJar(), dir);
        Files.write(copy, new byte[] {1, 2, 3});
        assertThat(ExtractedRpcSystemLoader.extracted(rpcJar(), dir)).isEqualTo(copy);
        try (InputStream in = rpcJar().openStream()) {
            assertThat(Files.size(copy)).isEqualTo(in.readAllBytes().length);
        }
    }

    @Test
    void theDirectoryIsTheUsersAloneOrRefused(@TempDir Path base) throws Exception {
        Path dir = ExtractedRpcSystemLoader.privateDirectory(base);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(ExtractedRpcSystemLoader.privateDirectory(base)).isEqualTo(dir);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ExtractedRpcSystemLoader.privateDirectory(base)).hasMessageContaining("writable by others");
        Files.delete(dir);
        Files.writeString(dir, "not a directory");
        assertThatThrownBy(() -> ExtractedRpcSystemLoader.privateDirectory(base)).hasMessageContaining("not a directory");
    }

    @Test
    void flinkFindsThisLoaderFirstAndExtractsNothingAtStart(@TempDir Path flinkTmp) throws Exception {
        List<RpcSystemLoader> loaders = new ArrayList<>();
        ServiceLoader.load(RpcSystemLoader.class).forEach(loaders::add);
        loaders.sort(Comparator.comparingInt(RpcSystemLoader::getLoadPriority));
        assertThat(loaders.get(0)).isInstanceOf(ExtractedRpcSystemLoader.class);

        // Flink's own loader would write its copy into io.tmp.dirs
        Configuration conf = new Configuration();
        conf.set(CoreOptions.TMP_DIRS, flinkTmp.toString());
        try (RpcSystem rpc = RpcSystem.load(conf)) {
            RpcService service = rpc.localServiceBuilder(conf).createAndStart();
            assertThat(service.getScheduledExecutor()).isNotNull();
            service.closeAsync().get();
        }
        try (var files = Files.list(flinkTmp)) {
            assertThat(files).isEmpty();
        }
        Path copies = ExtractedRpcSystemLoader.privateDirectory(Path.of(System.getProperty("java.io.tmpdir")));
        try (var files = Files.list(copies)) {
            assertThat(files).anySatisfy(f -> assertThat(f.getFileName().toString()).startsWith("flink-rpc-").endsWith(".jar"));
        }
    }
}
