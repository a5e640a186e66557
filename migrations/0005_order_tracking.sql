-- Tracking from facts: syncs in a row in which the panel gave a status word the bot does not know,
-- and when an order was flagged to the admins as taking longer than usual (flagged once).
ALTER TABLE orders ADD COLUMN unknown_syncs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN late_at TEXT;

-- The typical time to Completed per service: the last completed orders of one service, newest first.
CREATE INDEX orders_service_done ON orders (service_id, state, final_at);

-- "remains 0" on an order still in motion was no progress report, not a delivery: forget it.
UPDATE orders SET remains = NULL WHERE remains = 0 AND state IN ('pending', 'in_progress', 'unknown', 'failed');
