-- Admins by username (IM_ADMIN_USERNAMES) are pinned to the account that held the name first: at start for a name
-- held then, else in the transaction of the command that first claims it (the subscribing processor
-- "username-claims"). A later holder of the name (after a rename or a deletion) is not an admin. A pin is forgotten
-- when its name is no longer configured at a start.
CREATE TABLE admin_username_pin (
    username  VARCHAR(64) NOT NULL,
    user_uuid VARCHAR(64) NOT NULL,
    pinned_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT admin_username_pin_pk PRIMARY KEY (username)
);

-- A login re-hashes a password whose hash has another BCrypt cost than IM_BCRYPT_COST (UserPasswordRehashed): the
-- hash it replaced (the first of a chain of re-hashes) stays here, so an import whose source still sends that hash
-- sees no change. Cleared by a real password change. Rebuilt by a replay like the rest of the row.
ALTER TABLE user_directory ADD COLUMN password_rehashed_from VARCHAR(100);
