-- Running the shop from the admin group: an audit log, deposits, and per-service listing.

CREATE TABLE admin_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    admin_id    INTEGER NOT NULL,
    action      TEXT NOT NULL,           -- credit, debit, refund, markup, price, service, ...
    details     TEXT NOT NULL,           -- what changed, in words
    created_at  TEXT NOT NULL
);

CREATE TABLE deposits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    amount      TEXT NOT NULL,           -- shop currency, decimal text
    method      TEXT NOT NULL CHECK (method IN ('request', 'stars')),
    state       TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    stars       INTEGER,                 -- for Telegram Stars payments
    charge_id   TEXT UNIQUE,             -- Telegram's payment charge ID: credited once
    decided_by  INTEGER,
    created_at  TEXT NOT NULL,
    decided_at  TEXT
);
CREATE INDEX deposits_user ON deposits (user_id, id DESC);

-- 0: hidden from the catalog lists, still orderable by typing its number.
ALTER TABLE services ADD COLUMN is_listed INTEGER NOT NULL DEFAULT 1;
