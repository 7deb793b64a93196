-- The run epoch of an engine intent id (instrument|strategy|EPOCH.SEQ): which run of a job sent it. A job
-- started without its state starts a new epoch, so its ids never collide with an earlier run's; the
-- column lets an audit tell the runs apart. 0: an id without an epoch (earlier versions, other callers).
ALTER TABLE intents ADD COLUMN run_epoch BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX intents_run_epoch ON intents (run_epoch, instrument);
