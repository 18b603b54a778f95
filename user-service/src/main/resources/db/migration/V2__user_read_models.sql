-- Username uniqueness (set-based validation). Written by the subscribing processor "username-claims" inside the
-- transaction that appends the User events, so a second claim of a name rolls its command back.
CREATE TABLE username_claim (
    username  VARCHAR(64)  NOT NULL,
    user_uuid VARCHAR(64)  NOT NULL,
    CONSTRAINT username_claim_pk PRIMARY KEY (username),
    CONSTRAINT username_claim_user_uq UNIQUE (user_uuid)
);

-- Read model "user-directory" (tracking processor). id is the legacy integer id; replay restarts the sequence,
-- so ids are handed out again in event order.
CREATE TABLE user_directory (
    id            BIGSERIAL    NOT NULL,
    uuid          VARCHAR(64)  NOT NULL,
    username      VARCHAR(64)  NOT NULL,
    nickname      VARCHAR(64)  NOT NULL DEFAULT '',
    avatar        VARCHAR(255) NOT NULL DEFAULT '',
    email         VARCHAR(254) NOT NULL DEFAULT '',
    password_hash VARCHAR(100) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    last_sequence BIGINT       NOT NULL,
    CONSTRAINT user_directory_pk PRIMARY KEY (id),
    CONSTRAINT user_directory_uuid_uq UNIQUE (uuid)
);
CREATE INDEX user_directory_username_idx ON user_directory (username);

-- Read model "contacts" (tracking processor): one row per direction, contacts are mutual.
CREATE TABLE contacts (
    owner_uuid   VARCHAR(64) NOT NULL,
    contact_uuid VARCHAR(64) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT contacts_pk PRIMARY KEY (owner_uuid, contact_uuid)
);
