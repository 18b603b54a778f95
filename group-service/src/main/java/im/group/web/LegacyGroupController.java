package im.group.web;

import im.group.api.ChangeNotice;
import im.group.api.ChangeRole;
import im.group.api.CreateGroup;
import im.group.api.GroupErrors;
import im.group.api.GroupRules;
import im.group.api.JoinGroup;
import im.group.api.LeaveGroup;
import im.group.api.RemoveMember;
import im.group.api.RenameGroup;
import im.group.api.Role;
import im.group.api.TransferOwnership;
import im.group.config.GroupProperties;
import im.group.publication.GroupEventsKafkaPublisher;
import im.group.query.groups.GroupRow;
import im.group.query.groups.Groups;
import im.group.query.groups.GroupsProjection;
import im.group.query.knownusers.KnownUserResolver;
import im.group.web.GroupViews.Group;
import im.group.web.GroupViews.GroupInfo;
import im.group.web.GroupViews.GroupItem;
import im.group.web.GroupViews.GroupMember;
import im.group.web.GroupViews.Member;
import im.platform.axon.ReadYourWrites;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.platform.web.LegacyResponse;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The group routes of both legacy families, and the admin routes beyond them. Group ids in paths may be
 * {@code [grp]<uuid>} or a bare UUID (read as {@code [grp]<uuid>}); anything else is no group. Where a uuid in
 * the path means "me" it must be the caller (403 otherwise); group details are for current members only (403).
 * Static segments ({@code info}, {@code user}, {@code join}, {@code leave}, {@code member}, {@code role},
 * {@code owner}) win over {@code /group/{userUuid}} (Spring's most-specific-pattern rule).
 */
@RestController
public class LegacyGroupController {

    private final GroupCommands commands;
    private final Groups groups;
    private final KnownUserResolver users;
    private final GroupProperties properties;
    private final ReadYourWrites readYourWrites;

    public LegacyGroupController(GroupCommands commands, Groups groups, KnownUserResolver users,
                                 GroupProperties properties, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.groups = groups;
        this.users = users;
        this.properties = properties;
        this.readYourWrites = readYourWrites;
    }

    /** Create a group; the creator is its owner and first member. Body {@code {name, notice?}}. */
    @PostMapping("/group/{creatorUuid}")
    LegacyResponse<Group> create(Caller caller, @PathVariable String creatorUuid,
                                 @RequestBody(required = false) LegacyRequests.CreateGroup body) {
        caller.requireSelf(creatorUuid);
        requireKnown(creatorUuid);
        String groupUuid = GroupRules.newGroupUuid();
        commands.send(new CreateGroup(groupUuid, creatorUuid, body == null ? null : body.name(),
                body == null ? null : body.notice()));
        awaitReadModel();
        return LegacyResponse.ok(Group.of(group(groupUuid)));
    }

    @PostMapping("/group/join/{userUuid}/{groupUuid}")
    LegacyResponse<GroupMember> join(Caller caller, @PathVariable String userUuid, @PathVariable String groupUuid) {
        caller.requireSelf(userUuid);
        String group = groupId(groupUuid);
        requireKnown(userUuid);
        commands.send(new JoinGroup(group, userUuid, properties.maxMembers()));
        awaitReadModel();
        GroupRow row = group(group);
        return LegacyResponse.ok(GroupMember.of(groups.membership(group, userUuid).orElseThrow(), row));
    }

    /** Leave a group; answers the GroupInfo of the remaining members. */
    @DeleteMapping("/group/leave/{userUuid}/{groupUuid}")
    LegacyResponse<GroupInfo> leave(Caller caller, @PathVariable String userUuid, @PathVariable String groupUuid) {
        caller.requireSelf(userUuid);
        String group = groupId(groupUuid);
        commands.send(new LeaveGroup(group, userUuid));
        awaitReadModel();
        return LegacyResponse.ok(info(group));
    }

    /** go-chat form of "my groups". */
    @GetMapping("/group/{userUuid}")
    LegacyResponse<List<GroupItem>> myGroups(Caller caller, @PathVariable String userUuid) {
        caller.requireSelf(userUuid);
        return LegacyResponse.ok(groups.groupsOf(userUuid).stream().map(GroupItem::of).toList());
    }

    /** IM-SDK form of "my groups". */
    @GetMapping("/group")
    LegacyResponse<List<GroupItem>> myGroupsImSdk(Caller caller, @RequestParam("uuid") String userUuid) {
        return myGroups(caller, userUuid);
    }

    /** Group info with its current members; members only. */
    @GetMapping("/group/info/{groupUuid}")
    LegacyResponse<GroupInfo> info(Caller caller, @PathVariable String groupUuid) {
        String group = groupId(groupUuid);
        GroupRow row = group(group);
        requireMember(caller, group);
        return LegacyResponse.ok(GroupInfo.of(row, groups.membersOf(group)));
    }

    /** Current members; members only. Not a group (the stock client asks for user chats too): data null. */
    @GetMapping("/group/user/{groupUuid}")
    LegacyResponse<List<Member>> members(Caller caller, @PathVariable String groupUuid) {
        String group = GroupRules.canonicalGroupUuid(groupUuid);
        if (group == null || groups.findByUuid(group).isEmpty()) {
            return LegacyResponse.ok(null);
        }
        requireMember(caller, group);
        return LegacyResponse.ok(groups.membersOf(group).stream().map(Member::of).toList());
    }

    /** Rename and/or change the notice (admins and the owner). Body {@code {name?, notice?}}. */
    @PutMapping("/group/info/{groupUuid}")
    LegacyResponse<GroupInfo> changeInfo(Caller caller, @PathVariable String groupUuid,
                                         @RequestBody LegacyRequests.ChangeInfo body) {
        String group = groupId(groupUuid);
        // both fields are checked before either command, so a bad notice never leaves a half-applied rename
        if (body.name() != null) {
            GroupRules.name(body.name());
        }
        GroupRules.notice(body.notice());
        if (body.name() != null) {
            commands.send(new RenameGroup(group, caller.uuid(), body.name()));
        }
        if (body.notice() != null) {
            commands.send(new ChangeNotice(group, caller.uuid(), body.notice()));
        }
        awaitReadModel();
        return LegacyResponse.ok(info(group));
    }

    @DeleteMapping("/group/member/{groupUuid}/{userUuid}")
    LegacyResponse<GroupInfo> removeMember(Caller caller, @PathVariable String groupUuid,
                                           @PathVariable String userUuid) {
        String group = groupId(groupUuid);
        commands.send(new RemoveMember(group, caller.uuid(), userUuid));
        awaitReadModel();
        return LegacyResponse.ok(info(group));
    }

    /** Body {@code {role: "admin" | "member"}} (the owner only). */
    @PutMapping("/group/role/{groupUuid}/{userUuid}")
    LegacyResponse<GroupInfo> changeRole(Caller caller, @PathVariable String groupUuid, @PathVariable String userUuid,
                                         @RequestBody LegacyRequests.ChangeRole body) {
        String group = groupId(groupUuid);
        Role role = Role.assignable(body.role());
        if (role == null) {
            throw ApiException.business(GroupErrors.BAD_ROLE);
        }
        commands.send(new ChangeRole(group, caller.uuid(), userUuid, role));
        awaitReadModel();
        return LegacyResponse.ok(info(group));
    }

    @PostMapping("/group/owner/{groupUuid}/{userUuid}")
    LegacyResponse<GroupInfo> transferOwnership(Caller caller, @PathVariable String groupUuid,
                                                @PathVariable String userUuid) {
        String group = groupId(groupUuid);
        if (users.isDeleted(userUuid)) {
            throw new DomainException(GroupErrors.USER_NOT_FOUND); // its departure is under way
        }
        commands.send(new TransferOwnership(group, caller.uuid(), userUuid));
        awaitReadModel();
        return LegacyResponse.ok(info(group));
    }

    /**
     * After a command: this service's read model is up to date (the caller's next read sees the change) and the
     * event is on {@code im.group.events.v1}, so other services can apply it before anything that follows the
     * answer (messaging-service then stops delivering to a member who left at once; see its GroupEventsCatchUp).
     */
    private void awaitReadModel() {
        readYourWrites.awaitProjections(GroupsProjection.PROCESSING_GROUP, GroupEventsKafkaPublisher.PROCESSING_GROUP);
    }

    private void requireKnown(String userUuid) {
        if (users.resolve(userUuid).isEmpty()) {
            throw new DomainException(GroupErrors.USER_NOT_FOUND);
        }
    }

    private void requireMember(Caller caller, String groupUuid) {
        if (!groups.isMember(groupUuid, caller.uuid())) {
            throw ApiException.forbidden();
        }
    }

    private GroupInfo info(String groupUuid) {
        return GroupInfo.of(group(groupUuid), groups.membersOf(groupUuid));
    }

    private GroupRow group(String groupUuid) {
        return groups.findByUuid(groupUuid).orElseThrow(() -> new DomainException(GroupErrors.GROUP_NOT_FOUND));
    }

    /** The canonical id of a group named in a request, or "group doesn't exist". */
    private static String groupId(String id) {
        String group = GroupRules.canonicalGroupUuid(id);
        if (group == null) {
            throw new DomainException(GroupErrors.GROUP_NOT_FOUND);
        }
        return group;
    }
}
