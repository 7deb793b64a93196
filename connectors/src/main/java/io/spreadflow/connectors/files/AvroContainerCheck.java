package io.spreadflow.connectors.files;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Walks the framing of an Avro container file (header, then blocks of {@code count, size, data, sync})
 * before Avro reads it. Avro allocates a block's declared size before reading it and takes an early end
 * of file for the end of the data: a damaged length would ask for up to 2 GB, a cut-off file would read
 * as complete. Here every declared length must fit in what is left of the file and every block must end
 * in the header's sync marker, so such a file is refused at open, naming what is wrong.
 */
final class AvroContainerCheck {

    private static final byte[] MAGIC = {'O', 'b', 'j', 1};
    private static final int SYNC_SIZE = 16;

    private final InputStream in;
    private final long size;
    private long position;

    private AvroContainerCheck(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** @throws IOException naming the file and the damage, when the framing does not hold */
    static void check(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new AvroContainerCheck(in, Files.size(file)).walk();
        } catch (EOFException e) {
            throw new IOException(file + ": damaged Avro file: cut off (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException(file + ": damaged Avro file: " + e.getMessage(), e);
        }
    }

    private void walk() throws IOException {
        if (!Arrays.equals(bytes(MAGIC.length), MAGIC)) throw new IOException("not an Avro container (no 'Obj' magic)");
        // the metadata map: blocks of entries, a negative count followed by the block's byte size
        for (long count = varLong(); count != 0; count = varLong()) {
            if (count < 0) {
                count = -count;
                varLong();
            }
            for (long i = 0; i < count; i++) {
                skip(length("metadata key"));
                skip(length("metadata value"));
            }
        }
        byte[] sync = bytes(SYNC_SIZE);
        while (position < size) {
            long count = varLong();
            long blockSize = varLong();
            if (count < 0 || blockSize < 0 || blockSize > size - position - SYNC_SIZE) {
                throw new IOException("block at byte " + position + " declares " + count + " records in " + blockSize
                        + " bytes, but " + (size - position) + " bytes are left");
            }
            skip(blockSize);
            if (!Arrays.equals(bytes(SYNC_SIZE), sync)) throw new IOException("block ending at byte " + position + " lacks the sync marker");
        }
    }

    private long length(String what) throws IOException {
        long n = varLong();
        if (n < 0 || n > size - position) throw new IOException(what + " of " + n + " bytes at byte " + position + " exceeds the file");
        return n;
    }

    /** Avro's zig-zag variable-length long. */
    private long varLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) throw new EOFException("in a length at byte " + position);
            position++;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (raw >>> 1) ^ -(raw & 1);
        }
        throw new IOException("overlong number at byte " + position);
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("at byte " + (position + b.length));
        position += n;
        return b;
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n);
        position += n;
    }
}
