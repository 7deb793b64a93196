package io.spreadflow.schemas;

import org.apache.avro.Schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One released version of a topic record's schema, as shipped in the catalogue.
 *
 * @param fullName    the record's full name, e.g. {@code io.spreadflow.schemas.Signal}
 * @param version     the release number, from 1
 * @param schema      the self-contained writer schema of that version
 * @param fingerprint CRC-64-AVRO of the schema's Parsing Canonical Form
 */
public record CatalogueEntry(String fullName, int version, Schema schema, long fingerprint) {

    /** {@code <full name>@<version>}, the value of the {@link SchemaCatalogue#SCHEMA_HEADER} header. */
    public String id() {
        return fullName + "@" + version;
    }

    /** The fingerprint as 8 little-endian bytes, the byte order Avro's single-object encoding uses too. */
    public byte[] fingerprintBytes() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
    }

    /** Where the schema lies in the schemas jar (and in the source tree under {@code src/main/resources}). */
    public String resource() {
        return SchemaCatalogue.ROOT + fullName.substring(fullName.lastIndexOf('.') + 1) + "/v" + version + ".avsc";
    }
}
