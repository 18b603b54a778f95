package im.user.query.importlinks;

import im.platform.web.DomainException;
import im.user.api.ImportErrors;
import im.user.api.UserImportLinked;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which account is which record of an external user source (issue 6): the set rule "one account per source record,
 * one record per account" that a single User aggregate cannot check.
 *
 * <p>Runs in the subscribing processor {@value #PROCESSING_GROUP}, like the username claims: inside the transaction
 * that appends {@link UserImportLinked}, so an import that raced another one (a second instance, a second run) is
 * rolled back as a whole (account, profile, link) instead of creating the record's account twice. A deleted account
 * keeps its link: its record is then reported, not imported again.
 */
@Component
@ProcessingGroup(ImportLinkProjection.PROCESSING_GROUP)
public class ImportLinkProjection {

    public static final String PROCESSING_GROUP = "user-import-links";

    private final JdbcClient jdbc;

    public ImportLinkProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserImportLinked event, @Timestamp Instant at) {
        try {
            jdbc.sql("""
                            INSERT INTO user_import_link (source, external_id, user_uuid, linked_at)
                            VALUES (:source, :externalId, :uuid, :at)""")
                    .param("source", event.source())
                    .param("externalId", event.externalId())
                    .param("uuid", event.uuid())
                    .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DomainException(ImportErrors.RECORD_ALREADY_LINKED);
        }
    }
}
