-- Risk decisions read the position of each venue an intent trades on: a running aggregate, one row per
-- (instrument, venue), so that no decision scans the fills. net_qty is what the fills add up to (bought
-- minus sold); pending_*_qty is what intents under way (RECEIVED) may still buy or sell there.
CREATE TABLE venue_positions (
    instrument        VARCHAR(64)    NOT NULL,
    venue             VARCHAR(64)    NOT NULL,
    net_qty           NUMERIC(40,24) NOT NULL,
    pending_buy_qty   NUMERIC(40,24) NOT NULL,
    pending_sell_qty  NUMERIC(40,24) NOT NULL,
    PRIMARY KEY (instrument, venue)
);
INSERT INTO venue_positions (instrument, venue, net_qty, pending_buy_qty, pending_sell_qty)
    SELECT instrument, venue, SUM(CASE WHEN side = 'BUY' THEN filled_qty ELSE -filled_qty END), 0, 0
    FROM execution_reports WHERE filled_qty > 0 GROUP BY instrument, venue;

-- Every risk decision locks this row first (SELECT ... FOR UPDATE): decisions on one ledger are made one
-- at a time, whichever service instance makes them, and each sees the ones before it.
INSERT INTO service_flags (flag_name, flag_value)
    SELECT 'kill_switch', 'off' WHERE NOT EXISTS (SELECT 1 FROM service_flags WHERE flag_name = 'kill_switch');

-- max-open-intents counts the open entries of all instruments
CREATE INDEX intents_open ON intents (open_exposure, instrument);
