package io.spreadflow.job.serde;

import java.io.IOException;

/** The format version check every versioned serializer does first. */
public final class Formats {

    private Formats() {}

    /** The version read, when this code can read it. */
    public static int check(int version, int current, String what) throws IOException {
        if (version < 1 || version > current) {
            throw new IOException(what + " of format version " + version + "; this code reads versions 1 to " + current);
        }
        return version;
    }
}
