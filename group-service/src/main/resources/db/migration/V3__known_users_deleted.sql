-- Issue 3: accounts deleted in user-service (UserDeleted on im.user.events.v1). A deleted user is refused as
-- "user doesn't exist" when creating or joining and never shown in member lists; the row stays (a tombstone), so
-- a redelivered or late older event cannot bring the account back.
ALTER TABLE known_users ADD COLUMN deleted_at TIMESTAMPTZ;
