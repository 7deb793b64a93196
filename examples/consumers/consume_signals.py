#!/usr/bin/env python3
"""Reads the `signals` topic with plain Python: confluent-kafka and the avro package (Debian:
python3-confluent-kafka, python3-avro).

Values are plain binary Avro: no magic byte, no schema-registry id, not Avro's single-object encoding.
The writer schema's identity travels in Kafka headers:
  spreadflow.schema              "<record full name>@<version>", e.g. io.spreadflow.schemas.Signal@2
  spreadflow.schema.fingerprint  8 bytes, little-endian CRC-64-AVRO of the schema's Parsing Canonical Form
A record without headers was written before headers existed: version 1.
Each released schema is one self-contained .avsc in the catalogue (schemas jar, and the source tree at
schemas/src/main/resources/io/spreadflow/schemas/catalogue/<Record>/v<N>.avsc).

usage: consume_signals.py BOOTSTRAP CATALOGUE_DIR [TOPIC] [MAX_RECORDS]
Prints one JSON object per record, the record resolved to the newest catalogue version (older
writers' records get the new fields' defaults).
"""
import io
import json
import os
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, TopicPartition


def load_versions(catalogue_dir, record):
    """{version: schema} of every released version of one record."""
    folder = os.path.join(catalogue_dir, record)
    versions = {}
    for name in os.listdir(folder):
        if name.startswith("v") and name.endswith(".avsc"):
            with open(os.path.join(folder, name)) as f:
                versions[int(name[1:-5])] = avro.schema.parse(f.read())
    return versions


def writer_version(headers):
    """The version the spreadflow.schema header names; 1 for a record without headers."""
    for key, value in headers or []:
        if key == "spreadflow.schema":
            return int(value.decode("utf-8").rsplit("@", 1)[1])
    return 1


def main():
    bootstrap, catalogue_dir = sys.argv[1], sys.argv[2]
    topic = sys.argv[3] if len(sys.argv) > 3 else "signals"
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    versions = load_versions(catalogue_dir, "Signal")
    reader = versions[max(versions)]
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-signals",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    metadata = consumer.list_topics(topic, timeout=30)
    consumer.assign([TopicPartition(topic, p, 0) for p in metadata.topics[topic].partitions])
    read, idle = 0, 0
    try:
        while limit is None or read < limit:
            msg = consumer.poll(1.0)
            if msg is None:
                idle += 1
                if limit is None and idle >= 5:
                    break
                if idle >= 60:
                    sys.exit("timed out after %d records" % read)
                continue
            if msg.error():
                sys.exit(str(msg.error()))
            writer = versions.get(writer_version(msg.headers()))
            if writer is None:
                print("skipped offset %d: unknown writer version" % msg.offset(), file=sys.stderr)
                continue
            datum = avro.io.DatumReader(writer, reader).read(avro.io.BinaryDecoder(io.BytesIO(msg.value())))
            print(json.dumps(datum, sort_keys=True))
            read += 1
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
