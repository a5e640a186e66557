-- Support tickets: a customer's conversation with the admins, inside the bot.
--
-- A ticket is open (waiting for the admins), answered (the admins spoke last) or closed. Each message is
-- the customer's (admin_id NULL) or an admin's; a customer's message is shown to the admins by an outbox
-- notice, and each Telegram message that showed it (ticket_notices) is how an admin's reply to it finds the
-- ticket again.

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
    created_at        TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- Every Telegram message that showed a customer's ticket message to the admins: one in the admin group, or
-- one per admin when each is sent it in private. Telegram numbers messages per chat, so a reply is matched
-- by (chat, message), never by the message ID alone.
CREATE TABLE ticket_notices (
    chat_id            INTEGER NOT NULL,
    message_id         INTEGER NOT NULL,
    ticket_message_id  INTEGER NOT NULL REFERENCES ticket_messages (id),
    PRIMARY KEY (chat_id, message_id)
);

-- The Telegram message_id of what the notifier sent: what a reply to it points at.
ALTER TABLE outbox ADD COLUMN sent_message_id INTEGER;

-- A ticket notice sent to the admins: remember the Telegram message that showed that customer message, for
-- every copy sent (each admin's own, when there is no admin group).
CREATE TRIGGER outbox_ticket_shown AFTER UPDATE OF sent_message_id ON outbox
WHEN NEW.kind = 'ticket_notice' AND NEW.sent_message_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO ticket_notices (chat_id, message_id, ticket_message_id)
    VALUES (NEW.chat_id, NEW.sent_message_id, json_extract(NEW.payload, '$.message_id'));
END;
