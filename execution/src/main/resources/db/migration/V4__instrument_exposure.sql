-- Risk decisions read the open exposure under the decision lock: a running aggregate per instrument, kept
-- in the same transaction as every change of intents.open_exposure, so that no decision counts or sums
-- the intents. open_intents and open_notional are what COUNT(*) and SUM(notional) over the instrument's
-- intents with open_exposure = TRUE add up to (the ledger's tests check that they do).
CREATE TABLE instrument_exposure (
    instrument     VARCHAR(64)    NOT NULL PRIMARY KEY,
    open_intents   BIGINT         NOT NULL,
    open_notional  NUMERIC(40,24) NOT NULL
);
INSERT INTO instrument_exposure (instrument, open_intents, open_notional)
    SELECT instrument, COUNT(*), SUM(notional) FROM intents WHERE open_exposure = TRUE GROUP BY instrument;

-- the intents left executing are read in pages, oldest first (keyset: status, then received time and id)
CREATE INDEX intents_pending ON intents (status, received_at_ms, intent_id);
