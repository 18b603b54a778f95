-- Read model "groups" (tracking processor "groups"): one row per group. id is the legacy integer id; a replay
-- restarts the sequence, so ids are handed out again in event order. last_sequence: the Group aggregate's
-- sequence of the last applied event; older or equal ones are ignored (redelivery).
CREATE TABLE groups (
    id            BIGSERIAL    NOT NULL,
    uuid          VARCHAR(64)  NOT NULL,
    name          VARCHAR(255) NOT NULL,
    notice        TEXT         NOT NULL DEFAULT '',
    creator_uuid  VARCHAR(100) NOT NULL,
    owner_uuid    VARCHAR(100),           -- null once the last member left (the group is closed)
    created_at    TIMESTAMPTZ  NOT NULL,
    last_sequence BIGINT       NOT NULL,
    CONSTRAINT groups_pk PRIMARY KEY (id),
    CONSTRAINT groups_uuid_uq UNIQUE (uuid)
);
CREATE INDEX groups_name_idx ON groups (name);

-- Read model "groups" as well (same processor, same transaction): one row per (group, user) ever joined.
-- left_at is null while a member; re-joining resets joined_at and clears left_at.
CREATE TABLE memberships (
    id         BIGSERIAL    NOT NULL,
    group_uuid VARCHAR(64)  NOT NULL,
    user_uuid  VARCHAR(100) NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    joined_at  TIMESTAMPTZ  NOT NULL,
    left_at    TIMESTAMPTZ,
    CONSTRAINT memberships_pk PRIMARY KEY (id),
    CONSTRAINT memberships_uq UNIQUE (group_uuid, user_uuid)
);
CREATE INDEX memberships_user_idx ON memberships (user_uuid) WHERE left_at IS NULL;

-- Users as user-service publishes them on im.user.events.v1 (consumer group "group-users").
-- last_sequence: the user aggregate's sequence of the last applied event; older or equal ones are ignored.
CREATE TABLE known_users (
    uuid          VARCHAR(100) NOT NULL PRIMARY KEY,
    username      VARCHAR(255) NOT NULL,
    nickname      VARCHAR(255) NOT NULL DEFAULT '',
    avatar        VARCHAR(255) NOT NULL DEFAULT '',
    last_sequence BIGINT       NOT NULL
);
