-- Promo and gift codes. A gift credits a wallet once per customer; a discount takes a percent off one order's
-- binding quote. Codes are kept upper-cased (matched case-insensitively); a use is a row of code_uses, written in
-- the same transaction as the credit or the order's charge, so a uses limit holds however many ask at once.
CREATE TABLE codes (
    code         TEXT PRIMARY KEY,          -- upper-cased: A-Z, 0-9, - and _
    kind         TEXT NOT NULL CHECK (kind IN ('gift', 'discount')),
    amount       TEXT,                      -- a gift's credit, shop currency, decimal text
    percent      TEXT,                      -- a discount's percent, 0 < percent <= 100, decimal text
    uses_limit   INTEGER CHECK (uses_limit IS NULL OR uses_limit > 0),  -- NULL: no limit
    until        TEXT,                      -- the last day it works (YYYY-MM-DD, shop time); NULL: no end
    expires_at   TEXT,                      -- the instant after that day (UTC ISO): what is checked
    service_id   TEXT,                      -- a discount for this service only
    category_id  INTEGER,                   -- a discount for this category only
    active       INTEGER NOT NULL DEFAULT 1,
    created_by   INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    CHECK ((kind = 'gift' AND amount IS NOT NULL AND percent IS NULL AND service_id IS NULL AND category_id IS NULL)
        OR (kind = 'discount' AND percent IS NOT NULL AND amount IS NULL)),
    CHECK (service_id IS NULL OR category_id IS NULL)
);

-- Each use of a code: once per customer (a gift, and a discount too), the order it took a percent off.
CREATE TABLE code_uses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL REFERENCES codes(code),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    order_id    INTEGER REFERENCES orders(id),
    amount      TEXT NOT NULL,              -- what it gave: a gift's credit, or what a discount took off
    created_at  TEXT NOT NULL,
    UNIQUE (code, user_id)
);
CREATE INDEX code_uses_order ON code_uses (order_id);

-- Codes typed that did not apply, per customer: after CODE_TRIES within CODE_TRIES_MINUTES the customer waits.
-- Kept in the database so a restart does not reset the count.
CREATE TABLE code_tries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX code_tries_user ON code_tries (user_id, at);

-- A quote may carry a discount code: `total` is what Confirm charges, `full_total` the price before the discount.
ALTER TABLE quotes ADD COLUMN code TEXT;
ALTER TABLE quotes ADD COLUMN full_total TEXT;
