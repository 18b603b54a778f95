-- Issue 3: groups as messaging sees them, the contact graph with leave windows, deleted accounts.

-- A deleted account (UserDeleted): refused as recipient and sender, shown as "Deleted account" in history; its
-- username no longer resolves (it may belong to a new account).
ALTER TABLE known_users ADD COLUMN deleted_at TIMESTAMPTZ;

-- Contacts per direction (owner -> contact). active: the owner has the contact (ContactAdded sets both directions,
-- ContactLeft clears the leaver's). left_at: the owner's last leave; their 1:1 history starts after it (kept on a
-- re-add). last_sequence: the contact pair aggregate's sequence of the last applied event (older/equal ignored).
ALTER TABLE known_contacts
    ADD COLUMN active        BOOLEAN     NOT NULL DEFAULT TRUE,
    ADD COLUMN left_at       TIMESTAMPTZ,
    ADD COLUMN last_sequence BIGINT      NOT NULL DEFAULT -1;

-- Groups from im.group.events.v1. last_sequence: the group aggregate's sequence of the last applied event.
-- closed: its last member left (unknown_group for frames, "group doesn't exist" for history).
CREATE TABLE known_groups (
    uuid          VARCHAR(100) NOT NULL PRIMARY KEY,
    name          VARCHAR(255) NOT NULL DEFAULT '',
    closed        BOOLEAN      NOT NULL DEFAULT FALSE,
    last_sequence BIGINT       NOT NULL
);

-- One row per group and user, kept across leaving and re-joining. left_at: the LAST leave or removal (kept on a
-- re-join): the member's group history starts after it.
CREATE TABLE group_members (
    group_uuid VARCHAR(100) NOT NULL,
    user_uuid  VARCHAR(100) NOT NULL,
    active     BOOLEAN      NOT NULL,
    joined_at  TIMESTAMPTZ  NOT NULL,
    left_at    TIMESTAMPTZ,
    CONSTRAINT group_members_pk PRIMARY KEY (group_uuid, user_uuid)
);
