package im.user.query.contacts;

import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Queries on {@code contacts}, joined to the user directory for names and avatars. */
@Repository
public class Contacts {

    private final JdbcClient jdbc;

    public Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The owner's contacts in the order they (re)entered the owner's list: active rows only (not the ones the owner
     * left), and never a deleted account.
     */
    public List<DirectoryUser> contactsOf(String ownerUuid) {
        return jdbc.sql("SELECT " + UserDirectory.COLUMNS + """
                         FROM contacts c JOIN user_directory d ON d.uuid = c.contact_uuid
                        WHERE c.owner_uuid = :owner AND c.active AND d.deleted_at IS NULL
                        ORDER BY c.created_at, c.id""")
                .param("owner", ownerUuid)
                .query(UserDirectory::map)
                .list();
    }

    /** The owner's side of the pair, active or not. */
    public Optional<ContactRow> find(String ownerUuid, String contactUuid) {
        return jdbc.sql("""
                        SELECT id, owner_uuid, contact_uuid, created_at, active, left_at FROM contacts
                        WHERE owner_uuid = :owner AND contact_uuid = :contact""")
                .param("owner", ownerUuid)
                .param("contact", contactUuid)
                .query((rs, row) -> {
                    OffsetDateTime leftAt = rs.getObject("left_at", OffsetDateTime.class);
                    return new ContactRow(rs.getLong("id"), rs.getString("owner_uuid"), rs.getString("contact_uuid"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getBoolean("active"),
                            leftAt == null ? null : leftAt.toInstant());
                })
                .optional();
    }
}
