-- Issue 4: edits, deletions, hides, forwards, read positions and the conversation list of the sync API.
-- All of it is written by the "message-history" projection (replayable: its reset handler empties these tables).

-- edited_at / edit_count: the last edit (content holds the current text); deleted_at / deleted_by: deleted for
-- everyone (content is emptied, the row stays as a tombstone so seqs have no gap); forwarded_from: the source id.
ALTER TABLE messages
    ADD COLUMN edited_at      TIMESTAMPTZ,
    ADD COLUMN edit_count     INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN deleted_at     TIMESTAMPTZ,
    ADD COLUMN deleted_by     VARCHAR(100),
    ADD COLUMN forwarded_from VARCHAR(64)  NOT NULL DEFAULT '';

-- "Delete for me": one row per user and message they hid.
CREATE TABLE message_hidden (
    user_uuid       VARCHAR(100) NOT NULL,
    message_id      VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(210) NOT NULL,
    seq             BIGINT       NOT NULL,
    hidden_at       TIMESTAMPTZ  NOT NULL,
    CONSTRAINT message_hidden_pk PRIMARY KEY (user_uuid, message_id)
);
CREATE INDEX message_hidden_conversation_idx ON message_hidden (user_uuid, conversation_id, seq);

-- Every conversation with at least one message: its last seq and time.
CREATE TABLE conversations (
    conversation_id VARCHAR(210) NOT NULL PRIMARY KEY,
    message_type    INTEGER      NOT NULL,
    last_seq        BIGINT       NOT NULL,
    last_message_at TIMESTAMPTZ  NOT NULL
);

-- The two parties of each 1:1 conversation, one row per side (with_uuid: the other party).
CREATE TABLE direct_parties (
    user_uuid       VARCHAR(100) NOT NULL,
    conversation_id VARCHAR(210) NOT NULL,
    with_uuid       VARCHAR(100) NOT NULL,
    CONSTRAINT direct_parties_pk PRIMARY KEY (user_uuid, conversation_id)
);

-- Read positions per conversation and user (only ever forward).
CREATE TABLE read_positions (
    conversation_id VARCHAR(210) NOT NULL,
    user_uuid       VARCHAR(100) NOT NULL,
    read_seq        BIGINT       NOT NULL,
    read_at         TIMESTAMPTZ  NOT NULL,
    CONSTRAINT read_positions_pk PRIMARY KEY (conversation_id, user_uuid)
);

-- Inbox entries are no longer only messages: edits, deletions and hides are queued too; message_id holds the
-- entry's key (the message id for a message, the stored event's id for the others).
COMMENT ON COLUMN inbox.message_id IS 'entry key: the message id of a message, the event id of an edit/delete/hide';

-- Roles as group-service publishes them (owner / admin / member): admins and the owner may delete any message of
-- their group for everyone.
ALTER TABLE group_members ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'member';

-- Conversations and parties of the messages stored before this version (new ones are written by the projection).
INSERT INTO conversations (conversation_id, message_type, last_seq, last_message_at)
SELECT conversation_id, min(message_type), max(seq), max(created_at) FROM messages GROUP BY conversation_id
ON CONFLICT DO NOTHING;
INSERT INTO direct_parties (user_uuid, conversation_id, with_uuid)
SELECT from_uuid, conversation_id, to_uuid FROM messages WHERE message_type = 1
UNION
SELECT to_uuid, conversation_id, from_uuid FROM messages WHERE message_type = 1
ON CONFLICT DO NOTHING;
