-- Operations at scale: every hot query finds its rows through an index, and the status sync polls only the
-- orders due for a poll.

-- Refunds (what was paid for an order) and /stats (refunds of the period's orders).
CREATE INDEX ledger_order ON ledger (order_id);
CREATE INDEX ledger_created ON ledger (created_at);
-- /stats and the daily chart: orders and new customers of a period; the balance runway.
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX users_created ON users (created_at);

-- The typical time to Completed per service reads only Completed orders: an index of those alone is not
-- rewritten by every move of an order in motion (pending → in progress), which a status sync makes by thousands.
DROP INDEX orders_service_done;
CREATE INDEX orders_completed ON orders (service_id, final_at) WHERE state = 'completed';

-- Polling that can no longer help backs off: an order the panel gives no news of (an unknown or empty status,
-- or an error) for over a day is polled less and less often (the wait doubles, up to an hour).
ALTER TABLE orders ADD COLUMN next_poll_at TEXT NOT NULL DEFAULT '';  -- '': at the next sync
ALTER TABLE orders ADD COLUMN silent_since TEXT;                      -- since when the panel gives no news
ALTER TABLE orders ADD COLUMN poll_backoff INTEGER NOT NULL DEFAULT 0; -- seconds between polls now; 0: every sync

-- The tracked orders, by when they are due: only orders on the panel that can still move are in it
-- (final states are never polled). The sync's query repeats this WHERE word for word.
CREATE INDEX orders_tracked ON orders (next_poll_at)
    WHERE panel_order_id IS NOT NULL AND state NOT IN ('refused', 'completed', 'partial', 'canceled');
