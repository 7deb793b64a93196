package io.spreadflow.job.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.CleanupOnCloseRpcSystem;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;

/**
 * Loads Flink's RPC system (Pekko, with its own Scala) like Flink's {@code PekkoRpcSystemLoader}, in a
 * class loader of its own over the {@code flink-rpc-akka.jar} that Flink's loader jar carries, but from
 * a copy extracted once per version of that jar instead of at every start of a local cluster. Flink's
 * loader writes a new 21 MB temporary file each time (about 0.1 s of a short backtest) and deletes it
 * when the cluster closes; a command that exits while its cluster is still closing left the file behind.
 *
 * <p>The copy is {@code flink-rpc-<crc>-<size>.jar} in a directory only this user can write,
 * {@code <java.io.tmpdir>/spreadflow-<user>}; it is written under a temporary name and moved into place,
 * so that no JVM sees half a file. Where that does not work (no POSIX file system, someone else's
 * directory) this loader fails and Flink's own, next in priority, is used.
 */
public final class ExtractedRpcSystemLoader implements RpcSystemLoader {

    /** The jar inside Flink's RPC loader jar. */
    static final String RPC_JAR = "flink-rpc-akka.jar";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** Before Flink's own loader (priority 0). */
    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        ClassLoader flink = RpcSystem.class.getClassLoader();
        URL resource = flink.getResource(RPC_JAR);
        if (resource == null) throw new RpcLoaderException(RPC_JAR + " is not on the class path");
        try {
            Path jar = extracted(resource, privateDirectory(Path.of(System.getProperty("java.io.tmpdir"))));
            SubmoduleClassLoader loader = new SubmoduleClassLoader(new URL[] {jar.toUri().toURL()}, flink);
            // no file to delete on close: the copy is kept for the next cluster
            return new CleanupOnCloseRpcSystem(ServiceLoader.load(RpcSystem.class, loader).iterator().next(), loader, null);
        } catch (IOException | RuntimeException e) {
            throw new RpcLoaderException("cannot use an extracted copy of " + RPC_JAR + ": " + e.getMessage(), e);
        }
    }

    /** The copy of {@code resource} in {@code dir}, written first if it is not there yet. */
    static Path extracted(URL resource, Path dir) throws IOException {
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) throw new IOException(resource + " is not inside a jar");
        JarEntry entry = jarConnection.getJarEntry();
        long size = entry.getSize();
        if (size < 0 || entry.getCrc() < 0) throw new IOException(resource + " has no recorded size or CRC");
        Path copy = dir.resolve("flink-rpc-" + Long.toHexString(entry.getCrc()) + "-" + size + ".jar");
        if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && Files.size(copy) == size) return copy;
        Path partial = Files.createTempFile(dir, "flink-rpc-", ".partial");
        try {
            try (InputStream in = jarConnection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(partial) != size) throw new IOException("extracted " + Files.size(partial) + " of " + size + " bytes of " + resource);
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }

    /** {@code <base>/spreadflow-<user>}, created owner-only; refused if another user owns it or others may write to it. */
    static Path privateDirectory(Path base) throws IOException {
        Path dir = base.resolve("spreadflow-" + System.getProperty("user.name"));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created by another JVM meanwhile: checked below like any existing one
            }
        }
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) throw new IOException(dir + " is not a directory");
        if (!attrs.owner().getName().equals(System.getProperty("user.name"))) throw new IOException(dir + " belongs to " + attrs.owner().getName());
        if (attrs.permissions().contains(PosixFilePermission.GROUP_WRITE) || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " is writable by others");
        }
        return dir;
    }
}
