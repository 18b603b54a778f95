package im.messaging.inbound;

import im.messaging.query.ProjectionWait;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a frame's recipient in the known-users projection, and checks the contact graph, both tolerant of the
 * projection's lag behind user-service (see {@link ProjectionWait}: up to {@code im.messaging.recipient-wait}, then
 * a negative answer is remembered for 5 s unless the projection applies a change for that user or pair).
 */
@Component
public class RecipientResolver {

    private final KnownUsersRepository users;
    private final ProjectionWait projectionWait;

    public RecipientResolver(KnownUsersRepository users, ProjectionWait projectionWait) {
        this.users = users;
        this.projectionWait = projectionWait;
    }

    /** The user, deleted or not, if known (waited for). */
    public Optional<KnownUser> resolve(String uuid) {
        return projectionWait.find(ProjectionWait.userKey(uuid), () -> users.findByUuid(uuid));
    }

    /** Whether both directions of the pair are active contacts (waited for). */
    public boolean areMutualContacts(String a, String b) {
        return projectionWait.holds(ProjectionWait.contactKey(a, b), () -> users.areMutualContacts(a, b));
    }
}
