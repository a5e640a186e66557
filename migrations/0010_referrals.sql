-- Referral rewards. Each customer's invite link carries a short opaque code of their own (not their Telegram
-- ID, which would tell anyone who holds the link who invited them and invite guessing other customers' links);
-- it is minted the first time the customer opens *Invite friends*. NULLs are distinct in a unique index:
-- customers without a code yet do not collide.
ALTER TABLE users ADD COLUMN invite_code TEXT;
CREATE UNIQUE INDEX users_invite_code ON users (invite_code);
-- How many each customer invited (the Invite friends screen, /user, /referrals): only invited customers indexed.
CREATE INDEX users_referrer ON users (referrer_id) WHERE referrer_id IS NOT NULL;
-- What inviters earned (the screen, /referrals, /stats): the rewards alone, by inviter and time.
CREATE INDEX ledger_referral ON ledger (user_id, created_at) WHERE kind = 'referral';
