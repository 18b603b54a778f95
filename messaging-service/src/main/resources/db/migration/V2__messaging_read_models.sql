-- messaging-service read models (V1, the Axon event store, comes from platform-core).

-- Users and contacts as user-service publishes them on im.user.events.v1 (a projection of another context).
-- last_sequence: the user aggregate's sequence of the last applied event; older or equal ones are ignored.
CREATE TABLE known_users (
    uuid          VARCHAR(100) NOT NULL PRIMARY KEY,
    username      VARCHAR(255) NOT NULL,
    nickname      VARCHAR(255) NOT NULL DEFAULT '',
    avatar        VARCHAR(255) NOT NULL DEFAULT '',
    last_sequence BIGINT       NOT NULL
);
CREATE INDEX known_users_username_idx ON known_users (username);

-- Mutual contacts, both directions stored. Not enforced yet (a later issue adds the contacts-only policy).
CREATE TABLE known_contacts (
    owner_uuid   VARCHAR(100) NOT NULL,
    contact_uuid VARCHAR(100) NOT NULL,
    CONSTRAINT known_contacts_pk PRIMARY KEY (owner_uuid, contact_uuid)
);

-- Per-recipient inbox: every stored message a recipient must get, numbered 1, 2, 3... (inbox_seq). The row is
-- committed before its Delivery is published, so a reconnecting gateway finds it in the pending answer.
CREATE TABLE inbox_head (
    recipient_uuid VARCHAR(100) NOT NULL PRIMARY KEY,
    last_seq       BIGINT       NOT NULL
);

CREATE TABLE inbox (
    recipient_uuid VARCHAR(100) NOT NULL,
    inbox_seq      BIGINT       NOT NULL,
    message_id     VARCHAR(64)  NOT NULL,
    frame          BYTEA        NOT NULL, -- the protobuf protocol.Message pushed to the recipient
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT inbox_pk PRIMARY KEY (recipient_uuid, inbox_seq),
    CONSTRAINT inbox_message_uq UNIQUE (recipient_uuid, message_id)
);

-- Highest inbox_seq a gateway confirmed written to one of the recipient's sockets. Only ever moves forward.
CREATE TABLE delivery_cursor (
    recipient_uuid VARCHAR(100) NOT NULL PRIMARY KEY,
    delivered_seq  BIGINT       NOT NULL
);

-- Message history for GET /message (projection "message-history").
CREATE TABLE messages (
    id              BIGSERIAL    NOT NULL PRIMARY KEY,
    message_id      VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(210) NOT NULL,
    seq             BIGINT       NOT NULL,
    from_uuid       VARCHAR(100) NOT NULL,
    from_username   VARCHAR(255) NOT NULL DEFAULT '',
    to_uuid         VARCHAR(100) NOT NULL,
    message_type    INTEGER      NOT NULL,
    content_type    INTEGER      NOT NULL,
    content         TEXT         NOT NULL,
    url             VARCHAR(255) NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT messages_message_id_uq UNIQUE (message_id),
    CONSTRAINT messages_conversation_seq_uq UNIQUE (conversation_id, seq)
);
