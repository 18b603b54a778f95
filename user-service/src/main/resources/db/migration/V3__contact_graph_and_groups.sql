-- Account deletion (issue 3): the directory keeps the row of a deleted account, with deleted_at set; login, search,
-- contact lists and GET /user/{uuid} skip it. The username claim is released by the claim projection instead.
ALTER TABLE user_directory ADD COLUMN deleted_at TIMESTAMPTZ;
CREATE INDEX user_directory_deleted_idx ON user_directory (deleted_at) WHERE deleted_at IS NOT NULL;

-- Contacts (issue 3): still one row per direction (owner -> contact). active: the contact is in the owner's lists
-- (false after the owner left the 1:1 chat, true again after a re-add); created_at: when it (re)entered the
-- owner's lists; left_at: the owner's last leave, kept after a re-add. id: the legacy integer id of the row
-- (AllUserInteract.id); replay restarts it.
ALTER TABLE contacts ADD COLUMN id BIGSERIAL NOT NULL;
ALTER TABLE contacts ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE contacts ADD COLUMN left_at TIMESTAMPTZ;
ALTER TABLE contacts ADD CONSTRAINT contacts_id_uq UNIQUE (id);

-- Groups as group-service publishes them on im.group.events.v1 (Kafka consumer group "user-groups"), for the group
-- half of search, GET /interact and /all-interact. last_sequence: the Group aggregate's sequence of the last
-- applied event; older or equal ones are ignored (redelivery). id: user-service's legacy integer id of the group.
CREATE TABLE known_groups (
    id            BIGSERIAL   NOT NULL,
    uuid          VARCHAR(64) NOT NULL,
    name          TEXT        NOT NULL DEFAULT '',
    notice        TEXT        NOT NULL DEFAULT '',
    closed        BOOLEAN     NOT NULL DEFAULT FALSE,
    last_sequence BIGINT      NOT NULL,
    CONSTRAINT known_groups_pk PRIMARY KEY (id),
    CONSTRAINT known_groups_uuid_uq UNIQUE (uuid)
);
CREATE INDEX known_groups_open_name_idx ON known_groups (name) WHERE NOT closed;

-- One row per (group, user) ever joined; active while a member. Re-joining resets joined_at and clears left_at.
CREATE TABLE known_group_members (
    id         BIGSERIAL    NOT NULL,
    group_uuid VARCHAR(64)  NOT NULL,
    user_uuid  VARCHAR(100) NOT NULL,
    active     BOOLEAN      NOT NULL,
    joined_at  TIMESTAMPTZ  NOT NULL,
    left_at    TIMESTAMPTZ,
    CONSTRAINT known_group_members_pk PRIMARY KEY (id),
    CONSTRAINT known_group_members_uq UNIQUE (group_uuid, user_uuid)
);
CREATE INDEX known_group_members_user_idx ON known_group_members (user_uuid) WHERE active;
