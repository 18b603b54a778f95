package im.messaging.query.groups;

import im.messaging.query.ProjectionWait;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Group and membership lookups for sending and reading, tolerant of the projection's lag behind group-service
 * (see {@link ProjectionWait}): a group created or joined a moment ago is waited for briefly.
 */
@Component
public class GroupAccess {

    private final GroupsRepository groups;
    private final ProjectionWait projectionWait;
    private final GroupEventsCatchUp catchUp;

    public GroupAccess(GroupsRepository groups, ProjectionWait projectionWait, GroupEventsCatchUp catchUp) {
        this.groups = groups;
        this.projectionWait = projectionWait;
        this.catchUp = catchUp;
    }

    /**
     * Waits until the projection holds every group event published before {@code epochMillis} (see
     * {@link GroupEventsCatchUp}): a leave, join or removal that group-service answered before then is seen.
     */
    public void awaitEventsPublishedBefore(long epochMillis) {
        catchUp.awaitEventsPublishedBefore(epochMillis);
    }

    /** The group if it exists and is not closed. */
    public Optional<KnownGroup> openGroup(String groupUuid) {
        return projectionWait.find(ProjectionWait.groupKey(groupUuid),
                () -> groups.find(groupUuid).filter(group -> !group.closed()));
    }

    /** The user's membership if they are a current member of the group. */
    public Optional<GroupMember> currentMembership(String groupUuid, String userUuid) {
        return projectionWait.find(ProjectionWait.memberKey(groupUuid, userUuid),
                () -> groups.membership(groupUuid, userUuid).filter(GroupMember::active));
    }
}
