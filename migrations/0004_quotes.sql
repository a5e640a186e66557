-- Binding quotes: the price a customer saw on the summary card is the price Confirm charges.
-- A quote holds the whole draft, so a card survives a restart; its ID becomes the order's token,
-- so one card places at most one order.

CREATE TABLE quotes (
    id          TEXT PRIMARY KEY,         -- minted per summary card; orders.token once placed
    user_id     INTEGER NOT NULL REFERENCES users(id),
    service_id  TEXT NOT NULL,
    draft       TEXT NOT NULL,            -- JSON: link, quantity, lists
    units       INTEGER NOT NULL,         -- what is charged for
    unit_price  TEXT NOT NULL,            -- shop price per 1000 units (or per package), as listed
    total       TEXT NOT NULL,            -- what Confirm charges, shop currency, decimal text
    cost        TEXT NOT NULL,            -- expected panel cost, panel currency
    currency    TEXT NOT NULL,
    rule        TEXT NOT NULL,            -- where the price came from: fixed, or markup service/category/global
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX quotes_user ON quotes (user_id, created_at);
CREATE INDEX quotes_expiry ON quotes (expires_at);  -- old, unconfirmed quotes are dropped by expiry
