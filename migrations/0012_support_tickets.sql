-- Support tickets: a customer's conversation with the admins, inside the bot.
--
-- A ticket is open (waiting for the admins), answered (the admins spoke last) or closed. Each message is
-- the customer's (admin_id NULL) or an admin's; a customer's message is shown to the admins by an outbox
-- notice, and the Telegram message that showed it (admin_chat_id, admin_message_id) is how an admin's reply
-- to it in the group finds the ticket again.

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    order_id    INTEGER REFERENCES orders (id),           -- opened from this order's screen, else NULL
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    closed_at   TEXT,
    closed_by   INTEGER                                    -- the admin, or the customer, who closed it
);
CREATE INDEX tickets_user_state ON tickets (user_id, state);
CREATE INDEX tickets_waiting ON tickets (state, updated_at) WHERE state <> 'closed';

CREATE TABLE ticket_messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id         INTEGER NOT NULL REFERENCES tickets (id),
    admin_id          INTEGER,                             -- NULL: the customer wrote it
    text              TEXT NOT NULL DEFAULT '',
    photo             TEXT,                                -- a Telegram file_id
    created_at        TEXT NOT NULL,
    admin_chat_id     INTEGER,                             -- where the admins were shown it
    admin_message_id  INTEGER
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);
CREATE INDEX ticket_messages_shown ON ticket_messages (admin_chat_id, admin_message_id)
    WHERE admin_message_id IS NOT NULL;

-- The Telegram message_id of what the notifier sent: what a reply to it points at.
ALTER TABLE outbox ADD COLUMN sent_message_id INTEGER;

-- A ticket notice sent to the admins: remember which Telegram message showed that customer message
-- (the first such message, when several admins were each sent it in private).
CREATE TRIGGER outbox_ticket_shown AFTER UPDATE OF sent_message_id ON outbox
WHEN NEW.kind = 'ticket_notice' AND NEW.sent_message_id IS NOT NULL
BEGIN
    UPDATE ticket_messages SET admin_chat_id = NEW.chat_id, admin_message_id = NEW.sent_message_id
    WHERE id = json_extract(NEW.payload, '$.message_id') AND admin_message_id IS NULL;
END;
