package im.user.query.contacts;

import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Queries on {@code contacts}, joined to the user directory for names and avatars. */
@Repository
public class Contacts {

    private final JdbcClient jdbc;

    public Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The owner's contacts in the order they were added. */
    public List<DirectoryUser> contactsOf(String ownerUuid) {
        return jdbc.sql("""
                        SELECT d.id, d.uuid, d.username, d.nickname, d.avatar, d.email, d.password_hash, d.created_at
                        FROM contacts c JOIN user_directory d ON d.uuid = c.contact_uuid
                        WHERE c.owner_uuid = :owner
                        ORDER BY c.created_at, d.id""")
                .param("owner", ownerUuid)
                .query(UserDirectory::map)
                .list();
    }
}
