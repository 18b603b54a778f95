-- Read model "files" (tracking processor "files"): one row per stored file that may be served. A download looks
-- its name up here: a name that is not here is 404, whatever is in storage. FileDiscarded deletes the row. Replay
-- truncates and rebuilds it from the StoredFile events.
CREATE TABLE files (
    name         VARCHAR(64)  NOT NULL,
    owner_uuid   VARCHAR(100) NOT NULL,
    kind         VARCHAR(16)  NOT NULL,   -- chat | avatar
    mime_type    VARCHAR(255) NOT NULL,
    content_type SMALLINT     NOT NULL,   -- legacy frame contentType: 2 file, 3 image, 4 audio, 5 video
    size         BIGINT       NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    thumbnail    BOOLEAN      NOT NULL,
    duration_ms  BIGINT,
    stored_at    TIMESTAMPTZ  NOT NULL,
    CONSTRAINT files_pk PRIMARY KEY (name)
);
