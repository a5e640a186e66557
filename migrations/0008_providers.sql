-- foreign_keys: off
-- Several panels ("providers"). Everything that existed belongs to the provider `main` (PANEL_API_URL).
-- The orders table is rebuilt (SQLite's documented way to change a constraint): a panel's order ID is unique
-- per provider, not across all of them, since two panels number their orders independently. The runner turns
-- foreign keys off for this migration and runs PRAGMA foreign_key_check before it commits.

-- Each provider's own catalog, as its `services` call lists it (rate in that provider's currency).
CREATE TABLE provider_services (
    provider      TEXT NOT NULL,
    service_id    TEXT NOT NULL,                  -- the provider's service ID, opaque text
    category      TEXT NOT NULL,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,                  -- normalised (ServiceType)
    type_raw      TEXT NOT NULL,
    rate          TEXT NOT NULL,                  -- per PANEL_RATE_PER units, the provider's currency
    min_quantity  INTEGER NOT NULL,
    max_quantity  INTEGER NOT NULL,
    can_refill    INTEGER NOT NULL DEFAULT 0,
    can_cancel    INTEGER NOT NULL DEFAULT 0,
    dripfeed      INTEGER NOT NULL DEFAULT 0,
    on_panel      INTEGER NOT NULL DEFAULT 1,     -- 0: vanished from the provider's list (kept)
    synced_at     TEXT NOT NULL,
    PRIMARY KEY (provider, service_id)
);
INSERT INTO provider_services (provider, service_id, category, name, type, type_raw, rate, min_quantity,
                               max_quantity, can_refill, can_cancel, dripfeed, on_panel, synced_at)
SELECT 'main', s.id, c.name, s.name, s.type, s.type_raw, s.rate, s.min_quantity, s.max_quantity, s.can_refill,
       s.can_cancel, s.dripfeed, s.on_panel, s.synced_at
FROM services s JOIN categories c ON c.id = s.category_id;

-- A shop service is linked to one provider service, its primary.
ALTER TABLE services ADD COLUMN provider TEXT NOT NULL DEFAULT 'main';
ALTER TABLE services ADD COLUMN panel_service_id TEXT NOT NULL DEFAULT '';  -- the primary's ID at its provider
UPDATE services SET panel_service_id = id;

-- The fallbacks of a shop service, tried in `position` order after its primary. Only an admin links one.
CREATE TABLE routes (
    service_id          TEXT NOT NULL REFERENCES services(id),
    position            INTEGER NOT NULL,       -- 1, 2, …
    provider            TEXT NOT NULL,
    provider_service_id TEXT NOT NULL,
    added_by            INTEGER,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (service_id, position),
    UNIQUE (service_id, provider, provider_service_id)
);

-- Every try to place an order: where, when, and what came of it (shown in /order N).
CREATE TABLE order_attempts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id            INTEGER NOT NULL REFERENCES orders(id),
    provider            TEXT NOT NULL,
    provider_service_id TEXT NOT NULL,
    outcome             TEXT NOT NULL,          -- placed, refused, not_sent, uncertain, skipped_balance, skipped_cost
    detail              TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL
);
CREATE INDEX order_attempts_order ON order_attempts (order_id, id);

CREATE TABLE orders_new (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    token               TEXT NOT NULL UNIQUE,
    user_id             INTEGER NOT NULL REFERENCES users(id),
    service_id          TEXT NOT NULL REFERENCES services(id),
    link                TEXT NOT NULL,
    quantity            INTEGER NOT NULL,
    extras              TEXT NOT NULL DEFAULT '{}',
    price               TEXT NOT NULL,          -- what the customer pays, shop currency
    cost                TEXT NOT NULL,          -- expected cost at the provider that holds it, its currency
    currency            TEXT NOT NULL,
    state               TEXT NOT NULL,
    provider            TEXT NOT NULL DEFAULT 'main',   -- the provider it was sent to (or is to be sent to)
    provider_service_id TEXT NOT NULL DEFAULT '',       -- the service ID it was sent as, at that provider
    panel_order_id      TEXT,                           -- the provider's order ID
    panel_status        TEXT,
    start_count         INTEGER,
    remains             INTEGER,
    panel_charge        TEXT,
    error               TEXT,
    sync_errors         INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    final_at            TEXT,
    unknown_syncs       INTEGER NOT NULL DEFAULT 0,
    late_at             TEXT,
    next_poll_at        TEXT NOT NULL DEFAULT '',
    silent_since        TEXT,
    poll_backoff        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (provider, panel_order_id)
);
INSERT INTO orders_new (id, token, user_id, service_id, link, quantity, extras, price, cost, currency, state,
                        provider, provider_service_id, panel_order_id, panel_status, start_count, remains,
                        panel_charge, error, sync_errors, created_at, updated_at, final_at, unknown_syncs, late_at,
                        next_poll_at, silent_since, poll_backoff)
SELECT id, token, user_id, service_id, link, quantity, extras, price, cost, currency, state,
       'main', service_id, panel_order_id, panel_status, start_count, remains,
       panel_charge, error, sync_errors, created_at, updated_at, final_at, unknown_syncs, late_at,
       next_poll_at, silent_since, poll_backoff
FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_user ON orders (user_id, id DESC);
CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_completed ON orders (service_id, final_at) WHERE state = 'completed';
CREATE INDEX orders_tracked ON orders (next_poll_at)
    WHERE panel_order_id IS NOT NULL AND state NOT IN ('refused', 'completed', 'partial', 'canceled');
CREATE INDEX orders_provider ON orders (provider, state);
