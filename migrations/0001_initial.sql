-- The shop's schema. Money is decimal text (exact, any currency); never REAL.
-- Times are ISO-8601 UTC text.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,            -- the Telegram user ID
    username      TEXT,
    first_name    TEXT NOT NULL DEFAULT '',
    language      TEXT,                           -- NULL: follow the Telegram client
    referrer_id   INTEGER REFERENCES users(id),
    is_banned     INTEGER NOT NULL DEFAULT 0,
    is_blocked    INTEGER NOT NULL DEFAULT 0,     -- the user blocked the bot (403)
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX users_username ON users (lower(username));

CREATE TABLE categories (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,           -- as the panel names it
    platform      TEXT,                           -- links must be of this platform; NULL = any
    markup_percent TEXT,                          -- NULL: the global markup
    is_active     INTEGER NOT NULL DEFAULT 1      -- 0 when the panel no longer lists any of its services
);

CREATE TABLE services (
    id            TEXT PRIMARY KEY,               -- the panel's service ID, opaque text
    category_id   INTEGER NOT NULL REFERENCES categories(id),
    name          TEXT NOT NULL,                  -- as the panel names it
    display_name  TEXT,                           -- an admin's rename
    type          TEXT NOT NULL,                  -- normalised (ServiceType)
    type_raw      TEXT NOT NULL,                  -- as the panel wrote it
    rate          TEXT NOT NULL,                  -- panel price per PANEL_RATE_PER units, panel currency
    min_quantity  INTEGER NOT NULL,
    max_quantity  INTEGER NOT NULL,
    can_refill    INTEGER NOT NULL DEFAULT 0,
    can_cancel    INTEGER NOT NULL DEFAULT 0,
    dripfeed      INTEGER NOT NULL DEFAULT 0,
    description   TEXT NOT NULL DEFAULT '',
    on_panel      INTEGER NOT NULL DEFAULT 1,     -- 0: vanished from the panel's catalog (hidden, kept)
    is_enabled    INTEGER NOT NULL DEFAULT 1,     -- an admin's switch
    markup_percent TEXT,                          -- NULL: the category's or the global markup
    fixed_price   TEXT,                           -- shop price per PANEL_RATE_PER units, overrides markup
    refill_days   INTEGER,                        -- refill window set by admins; NULL: from the name
    first_seen_at TEXT NOT NULL,
    synced_at     TEXT NOT NULL
);
CREATE INDEX services_category ON services (category_id);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,   -- the shop's order number
    token          TEXT NOT NULL UNIQUE,                -- minted per summary card: placement happens once
    user_id        INTEGER NOT NULL REFERENCES users(id),
    service_id     TEXT NOT NULL REFERENCES services(id),
    link           TEXT NOT NULL,
    quantity       INTEGER NOT NULL,                    -- units charged
    extras         TEXT NOT NULL DEFAULT '{}',          -- JSON of the type's fields (list, comments, ...)
    price          TEXT NOT NULL,                       -- what the customer pays, shop currency
    cost           TEXT NOT NULL,                       -- expected panel cost, panel currency
    currency       TEXT NOT NULL,
    state          TEXT NOT NULL,                       -- placing, uncertain, refused, pending, in_progress, ...
    panel_order_id TEXT UNIQUE,
    panel_status   TEXT,                                -- raw text, as the panel wrote it
    start_count    INTEGER,
    remains        INTEGER,
    panel_charge   TEXT,
    error          TEXT,                                -- the panel's refusal, for admins
    sync_errors    INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    final_at       TEXT
);
CREATE INDEX orders_user ON orders (user_id, id DESC);
CREATE INDEX orders_state ON orders (state);

CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    amount      TEXT NOT NULL,          -- signed decimal text, shop currency
    kind        TEXT NOT NULL CHECK (kind IN ('deposit', 'charge', 'refund', 'adjustment')),
    key         TEXT NOT NULL UNIQUE,   -- the event this entry stands for: applied once
    reason      TEXT NOT NULL DEFAULT '',
    order_id    INTEGER REFERENCES orders(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX ledger_user ON ledger (user_id, id DESC);

CREATE TABLE refills (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    panel_refill_id TEXT,
    state           TEXT NOT NULL,
    panel_status    TEXT,
    error           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX refills_order ON refills (order_id);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL,
    thread_id    INTEGER,
    text         TEXT NOT NULL,
    reply_markup TEXT,                  -- JSON
    key          TEXT UNIQUE,           -- the event this message reports: queued once
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    dropped_at   TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, dropped_at, not_before);

CREATE TABLE shop_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- PTB conversation state (our BasePersistence), so a restart loses no conversation.
CREATE TABLE conversations (
    name   TEXT NOT NULL,
    key    TEXT NOT NULL,          -- JSON of PTB's conversation key
    state  TEXT NOT NULL,          -- JSON
    PRIMARY KEY (name, key)
);

CREATE TABLE user_data (
    user_id  INTEGER PRIMARY KEY,
    data     TEXT NOT NULL          -- JSON
);
