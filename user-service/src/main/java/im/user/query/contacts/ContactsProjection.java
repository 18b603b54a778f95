package im.user.query.contacts;

import im.user.api.ContactAdded;
import im.user.api.ContactLeft;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds {@code contacts} (tracking processor {@value #PROCESSING_GROUP}): one row per direction, because
 * contacts are mutual. {@link ContactAdded} makes both rows active (a side that was inactive re-enters its owner's
 * list at the event's time; an active side is left as it is, so redelivery changes nothing); {@link ContactLeft}
 * makes the leaver's row inactive and records the leave in {@code left_at}, which a re-add keeps. A reset
 * truncates the table and restarts the ids, so a replay rebuilds the same rows.
 */
@Component
@ProcessingGroup(ContactsProjection.PROCESSING_GROUP)
public class ContactsProjection {

    public static final String PROCESSING_GROUP = "contacts";

    private final JdbcClient jdbc;

    public ContactsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ContactAdded event, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO contacts (owner_uuid, contact_uuid, created_at, active)
                        VALUES (:a, :b, :at, TRUE), (:b, :a, :at, TRUE)
                        ON CONFLICT (owner_uuid, contact_uuid) DO UPDATE
                           SET active = TRUE, created_at = EXCLUDED.created_at
                         WHERE NOT contacts.active""")
                .param("a", event.userUuid())
                .param("b", event.contactUuid())
                .param("at", utc(at))
                .update();
    }

    @EventHandler
    void on(ContactLeft event, @Timestamp Instant at) {
        jdbc.sql("""
                        UPDATE contacts SET active = FALSE, left_at = :leftAt
                        WHERE owner_uuid = :user AND contact_uuid = :contact""")
                .param("leftAt", utc(event.leftAt() == null ? at : event.leftAt()))
                .param("user", event.userUuid())
                .param("contact", event.contactUuid())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE contacts RESTART IDENTITY").update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
