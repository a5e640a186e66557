-- The outbox holds events, rendered into the recipient's language when sent, so that a
-- status change and its push are written in one transaction by the shop (which knows
-- no Telegram). Plain texts (broadcasts, notices) are the kind 'text'.

CREATE TABLE outbox_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL,
    thread_id    INTEGER,
    kind         TEXT NOT NULL,          -- order_status, refill_status, text, ...
    payload      TEXT NOT NULL,          -- JSON
    key          TEXT NOT NULL UNIQUE,   -- the event this message reports: queued once
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    dropped_at   TEXT,
    last_error   TEXT
);

INSERT INTO outbox_events (id, chat_id, thread_id, kind, payload, key, attempts, not_before, created_at,
                           sent_at, dropped_at)
SELECT id, chat_id, thread_id, 'text', json_object('text', text, 'reply_markup', reply_markup),
       coalesce(key, 'legacy:' || id), attempts, not_before, created_at, sent_at, dropped_at
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_events RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (not_before) WHERE sent_at IS NULL AND dropped_at IS NULL;

-- When a refill was asked for, per order, for the cooldown; and the refill's final moment.
CREATE INDEX refills_state ON refills (state);
ALTER TABLE refills ADD COLUMN final_at TEXT;

-- The Telegram client's language, so that pushes follow it until the customer picks one.
ALTER TABLE users ADD COLUMN client_language TEXT;
