package im.user.query.importlinks;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The links of accounts to source records (strongly consistent: written in the command's transaction). */
@Repository
public class ImportLinks {

    /** One link. */
    public record Link(String source, String externalId, String userUuid) {
    }

    private final JdbcClient jdbc;

    public ImportLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Link> find(String source, String externalId) {
        return jdbc.sql("""
                        SELECT source, external_id, user_uuid FROM user_import_link
                        WHERE source = :source AND external_id = :externalId""")
                .param("source", source)
                .param("externalId", externalId)
                .query((rs, row) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    public Optional<Link> ofUser(String userUuid) {
        return jdbc.sql("SELECT source, external_id, user_uuid FROM user_import_link WHERE user_uuid = :uuid")
                .param("uuid", userUuid)
                .query((rs, row) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    public long countOf(String source) {
        return jdbc.sql("SELECT count(*) FROM user_import_link WHERE source = :source")
                .param("source", source).query(Long.class).single();
    }
}
