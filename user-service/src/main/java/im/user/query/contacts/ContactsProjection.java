package im.user.query.contacts;

import im.user.api.ContactAdded;
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
 * contacts are mutual. Inserts ignore existing rows, so redelivery changes nothing.
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
        OffsetDateTime createdAt = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO contacts (owner_uuid, contact_uuid, created_at)
                        VALUES (:a, :b, :at), (:b, :a, :at)
                        ON CONFLICT (owner_uuid, contact_uuid) DO NOTHING""")
                .param("a", event.userUuid())
                .param("b", event.contactUuid())
                .param("at", createdAt)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM contacts").update();
    }
}
