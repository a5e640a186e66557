-- The outbox stays small and fair.
--
-- Lanes: 0 = what a person is waiting for (pushes to customers, admin notices), 1 = broadcasts; the
-- notifier sends lane 0 first and gives lane 1 only a share of the sending rate.
-- Broadcasts get their own row with sent/dropped counters, kept by the triggers below as their
-- messages are sent or dropped, so a broadcast's progress survives the pruning of old outbox rows.
-- Pending rows are read through one partial index, in the order the notifier reads them.

CREATE TABLE broadcasts (
    id          TEXT PRIMARY KEY,
    admin_id    INTEGER,
    total       INTEGER NOT NULL DEFAULT 0,   -- messages queued
    sent        INTEGER NOT NULL DEFAULT 0,
    dropped     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

ALTER TABLE outbox ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN broadcast_id TEXT REFERENCES broadcasts (id);

-- Broadcasts queued before this version: their keys are broadcast:<id>:<user>.
INSERT INTO broadcasts (id, admin_id, total, sent, dropped, created_at)
SELECT b, CAST(substr(b, 1, instr(b, '-') - 1) AS INTEGER), count(*), sum(sent_at IS NOT NULL),
       sum(dropped_at IS NOT NULL), min(created_at)
FROM (SELECT substr(key, 11, instr(substr(key, 11), ':') - 1) AS b, sent_at, dropped_at, created_at
      FROM outbox WHERE key LIKE 'broadcast:%:%')
WHERE b <> ''
GROUP BY b;

UPDATE outbox SET lane = 1, broadcast_id = substr(key, 11, instr(substr(key, 11), ':') - 1)
WHERE key LIKE 'broadcast:%:%' AND instr(substr(key, 11), ':') > 1;

DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (lane, id, not_before) WHERE sent_at IS NULL AND dropped_at IS NULL;

CREATE TRIGGER outbox_broadcast_sent AFTER UPDATE OF sent_at ON outbox
WHEN NEW.broadcast_id IS NOT NULL AND OLD.sent_at IS NULL AND OLD.dropped_at IS NULL AND NEW.sent_at IS NOT NULL
BEGIN
    UPDATE broadcasts SET sent = sent + 1 WHERE id = NEW.broadcast_id;
END;

CREATE TRIGGER outbox_broadcast_dropped AFTER UPDATE OF dropped_at ON outbox
WHEN NEW.broadcast_id IS NOT NULL AND OLD.dropped_at IS NULL AND OLD.sent_at IS NULL AND NEW.dropped_at IS NOT NULL
BEGIN
    UPDATE broadcasts SET dropped = dropped + 1 WHERE id = NEW.broadcast_id;
END;
