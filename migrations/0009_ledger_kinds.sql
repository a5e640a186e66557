-- foreign_keys: off
-- Two more kinds of wallet entry: a referral reward (the inviter's share of what a referred customer paid for
-- delivered work) and a gift code's credit. SQLite cannot change a CHECK constraint in place, so the ledger is
-- rebuilt as it was with the wider list; with foreign keys off, so an old entry whose user or order is missing
-- is copied as it is (the runner fails only on references the migration itself breaks).
CREATE TABLE ledger_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    amount      TEXT NOT NULL,          -- signed decimal text, shop currency
    kind        TEXT NOT NULL CHECK (kind IN ('deposit', 'charge', 'refund', 'adjustment', 'referral', 'gift')),
    key         TEXT NOT NULL UNIQUE,   -- the event this entry stands for: applied once
    reason      TEXT NOT NULL DEFAULT '',
    order_id    INTEGER REFERENCES orders(id),
    created_at  TEXT NOT NULL
);
INSERT INTO ledger_new (id, user_id, amount, kind, key, reason, order_id, created_at)
SELECT id, user_id, amount, kind, key, reason, order_id, created_at FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_new RENAME TO ledger;
CREATE INDEX ledger_user ON ledger (user_id, id DESC);
CREATE INDEX ledger_order ON ledger (order_id);
CREATE INDEX ledger_created ON ledger (created_at);
