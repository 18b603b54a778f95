-- User import from external REST sources (issue 6).

-- Which account is which record of which source. Written by the subscribing processor "user-import-links" inside
-- the transaction that appends UserImportLinked, so a record can never be linked (imported) twice, and an account
-- is linked to one record at most. Like username_claim, it is not replayed (the event store is the history).
CREATE TABLE user_import_link (
    source      VARCHAR(32)  NOT NULL,
    external_id VARCHAR(256) NOT NULL,
    user_uuid   VARCHAR(64)  NOT NULL,
    linked_at   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT user_import_link_pk PRIMARY KEY (source, external_id),
    CONSTRAINT user_import_link_user_uq UNIQUE (user_uuid)
);

-- An avatar kept as a link (an imported avatarUrl, never fetched by the server), beside the stored avatar file name.
ALTER TABLE user_directory ADD COLUMN avatar_url VARCHAR(2048) NOT NULL DEFAULT '';

-- One row per import run: its progress while it runs (updated after every page), then its report. failures: the
-- records that could not be imported, [{position, page, externalId, username, code, reason}], at most
-- im.user.import.max-reported-failures of them (failures_omitted counts the rest). Never a password or a hash.
CREATE TABLE import_runs (
    id               UUID         NOT NULL,
    source           VARCHAR(32)  NOT NULL,
    run_trigger      VARCHAR(16)  NOT NULL,
    requested_by     VARCHAR(100) NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL,
    finished_at      TIMESTAMPTZ,
    pages            INT          NOT NULL DEFAULT 0,
    fetched          INT          NOT NULL DEFAULT 0,
    created          INT          NOT NULL DEFAULT 0,
    updated          INT          NOT NULL DEFAULT 0,
    unchanged        INT          NOT NULL DEFAULT 0,
    failed           INT          NOT NULL DEFAULT 0,
    truncated        BOOLEAN      NOT NULL DEFAULT FALSE,
    error            TEXT,
    failures         JSONB        NOT NULL DEFAULT '[]',
    failures_omitted INT          NOT NULL DEFAULT 0,
    CONSTRAINT import_runs_pk PRIMARY KEY (id)
);
CREATE INDEX import_runs_started_idx ON import_runs (started_at DESC);
CREATE INDEX import_runs_running_idx ON import_runs (source) WHERE status = 'running';
