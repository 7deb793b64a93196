-- Flink SQL over the `signals` topic with the plain 'avro' format (no schema registry).
-- The 'avro' format derives its Avro schema from the columns, so the columns spell the writer schema
-- of io.spreadflow.schemas.Signal v2 field by field, in order (catalogue: Signal/v2.avsc):
--   * an Avro enum is written as its symbol's index, so `kind` is an INT (0 ENTER, 1 EXIT, 2 HOLD,
--     3 TRANSITION, 4 HALT, 5 HEDGE, 6 OTHER - the order of SignalKind's symbols);
--   * a ["null", T] union is a nullable column, a plain type a NOT NULL one.
-- Fields are only ever appended, with defaults, so a table declared for an older version still reads
-- newer records (the appended fields are left unread); a table declared for v2 cannot read v1 records.
-- The writer's version is in the `spreadflow.schema` header, exposed here as metadata.
-- The consumer group lets the connector commit what it read on checkpoints (visible to Kafka's tools);
-- the scan itself always starts at the earliest offset.
CREATE TABLE signals (
  `instrument`  STRING NOT NULL,
  `strategyId`  STRING NOT NULL,
  `eventTsUs`   BIGINT NOT NULL,
  `sequence`    BIGINT NOT NULL,
  `kind`        INT NOT NULL,
  `fromState`   STRING,
  `toState`     STRING,
  `reason`      STRING NOT NULL,
  `positionId`  BIGINT,
  `spreadPct`   DOUBLE,
  `indicators`  MAP<STRING NOT NULL, DOUBLE NOT NULL> NOT NULL,
  `runId`       STRING,
  `headers`     MAP<STRING, BYTES> METADATA VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic}',
  'properties.bootstrap.servers' = '${bootstrap}',
  'properties.group.id' = 'spreadflow-sql-signals',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'avro'
);

SELECT `instrument`,
       CASE `kind` WHEN 0 THEN 'ENTER' WHEN 1 THEN 'EXIT' WHEN 2 THEN 'HOLD' WHEN 3 THEN 'TRANSITION'
                   WHEN 4 THEN 'HALT' WHEN 5 THEN 'HEDGE' ELSE 'OTHER' END AS `kind`,
       `reason`, `spreadPct`, `indicators`['z'] AS `z`, `runId`,
       CAST(`headers`['spreadflow.schema'] AS STRING) AS `writerSchema`
FROM signals;
