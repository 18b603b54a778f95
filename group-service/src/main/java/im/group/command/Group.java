package im.group.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import im.group.api.ChangeNotice;
import im.group.api.ChangeRole;
import im.group.api.CreateGroup;
import im.group.api.GroupCreated;
import im.group.api.GroupErrors;
import im.group.api.GroupNoticeChanged;
import im.group.api.GroupRenamed;
import im.group.api.GroupRules;
import im.group.api.JoinGroup;
import im.group.api.LeaveGroup;
import im.group.api.MemberJoined;
import im.group.api.MemberLeft;
import im.group.api.MemberRemoved;
import im.group.api.MemberRoleChanged;
import im.group.api.OwnershipTransferred;
import im.group.api.RemoveDeletedAccount;
import im.group.api.RemoveMember;
import im.group.api.RenameGroup;
import im.group.api.Role;
import im.group.api.TransferOwnership;
import im.platform.web.DomainException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A group: its name and notice, and its current members with their roles (exactly one owner while it has
 * members). Rules:
 * <ul>
 *   <li>joining twice is refused; so is joining beyond the member limit, and joining a closed group (its last
 *       member left), which counts as no group;</li>
 *   <li>the owner cannot leave while others are members (transfer ownership first); as the last member they
 *       may, and the group closes;</li>
 *   <li>rename and notice: admins and the owner; remove: an admin removes plain members, the owner anyone but
 *       themself; roles and ownership: the owner only, and only for current members.</li>
 *   <li>a deleted account leaves without any of these checks ({@link RemoveDeletedAccount}); as the owner with
 *       other members it first hands the group to the longest-standing admin, else the longest-standing
 *       member.</li>
 * </ul>
 * A change that changes nothing (same name, same notice, same role) emits no event. {@code members} keeps join
 * order (a re-join moves the user to the end; role changes keep the place): it is how "longest-standing" is
 * known.
 */
@Aggregate
public class Group {

    @AggregateIdentifier
    private String groupUuid;
    private String name;
    private String notice;
    private boolean closed;
    private final Map<String, Role> members = new LinkedHashMap<>();

    protected Group() {
        // for Axon
    }

    @CommandHandler
    public Group(CreateGroup command) {
        if (GroupRules.canonicalGroupUuid(command.groupUuid()) == null) {
            throw new DomainException(GroupErrors.GROUP_NOT_FOUND);
        }
        if (command.creatorUuid() == null || command.creatorUuid().isBlank()) {
            throw new DomainException(GroupErrors.USER_NOT_FOUND);
        }
        apply(new GroupCreated(command.groupUuid(), command.creatorUuid(), GroupRules.name(command.name()),
                GroupRules.notice(command.notice())));
    }

    @CommandHandler
    public void handle(JoinGroup command) {
        if (closed) {
            throw new DomainException(GroupErrors.GROUP_NOT_FOUND);
        }
        if (members.containsKey(command.userUuid())) {
            throw new DomainException(GroupErrors.ALREADY_JOINED);
        }
        if (members.size() >= command.maxMembers()) {
            throw new DomainException(GroupErrors.GROUP_FULL);
        }
        apply(new MemberJoined(groupUuid, command.userUuid()));
    }

    @CommandHandler
    public void handle(LeaveGroup command) {
        Role role = roleOf(command.userUuid());
        if (role == null) {
            throw new DomainException(GroupErrors.NOT_JOINED);
        }
        if (role == Role.OWNER && members.size() > 1) {
            throw new DomainException(GroupErrors.OWNER_MUST_TRANSFER);
        }
        apply(new MemberLeft(groupUuid, command.userUuid(), members.size() == 1));
    }

    @CommandHandler
    public void handle(RemoveDeletedAccount command) {
        Role role = roleOf(command.userUuid());
        if (closed || role == null) {
            return; // left already (a redelivered deletion): nothing to do, and no error to retry
        }
        if (role == Role.OWNER && members.size() > 1) {
            apply(new OwnershipTransferred(groupUuid, command.userUuid(), successorOf(command.userUuid())));
        }
        apply(new MemberLeft(groupUuid, command.userUuid(), members.size() == 1));
    }

    /** The longest-standing admin other than {@code ownerUuid}, else the longest-standing member. */
    private String successorOf(String ownerUuid) {
        String firstMember = null;
        for (Map.Entry<String, Role> member : members.entrySet()) {
            if (member.getKey().equals(ownerUuid)) {
                continue;
            }
            if (member.getValue() == Role.ADMIN) {
                return member.getKey();
            }
            if (firstMember == null) {
                firstMember = member.getKey();
            }
        }
        return firstMember;
    }

    @CommandHandler
    public void handle(RenameGroup command) {
        requireAdmin(command.byUuid());
        String newName = GroupRules.name(command.name());
        if (!newName.equals(name)) {
            apply(new GroupRenamed(groupUuid, newName, command.byUuid()));
        }
    }

    @CommandHandler
    public void handle(ChangeNotice command) {
        requireAdmin(command.byUuid());
        String newNotice = GroupRules.notice(command.notice());
        if (!newNotice.equals(notice)) {
            apply(new GroupNoticeChanged(groupUuid, newNotice, command.byUuid()));
        }
    }

    @CommandHandler
    public void handle(RemoveMember command) {
        Role by = requireAdmin(command.byUuid());
        Role target = roleOf(command.userUuid());
        if (target == null) {
            throw new DomainException(GroupErrors.NOT_JOINED);
        }
        if (command.userUuid().equals(command.byUuid())) {
            throw new DomainException(GroupErrors.CANNOT_REMOVE_SELF);
        }
        if (target != Role.MEMBER && by != Role.OWNER) {
            throw new DomainException(GroupErrors.OWNER_ONLY);
        }
        apply(new MemberRemoved(groupUuid, command.userUuid(), command.byUuid()));
    }

    @CommandHandler
    public void handle(ChangeRole command) {
        requireOwner(command.byUuid());
        if (command.role() == null || command.role() == Role.OWNER) {
            throw new DomainException(GroupErrors.BAD_ROLE);
        }
        Role current = roleOf(command.userUuid());
        if (current == null) {
            throw new DomainException(GroupErrors.NOT_JOINED);
        }
        if (current == Role.OWNER) {
            throw new DomainException(GroupErrors.OWNER_ROLE_FIXED);
        }
        if (current != command.role()) {
            apply(new MemberRoleChanged(groupUuid, command.userUuid(), command.role(), command.byUuid()));
        }
    }

    @CommandHandler
    public void handle(TransferOwnership command) {
        requireOwner(command.byUuid());
        Role target = roleOf(command.userUuid());
        if (target == null) {
            throw new DomainException(GroupErrors.NOT_JOINED);
        }
        if (target == Role.OWNER) {
            throw new DomainException(GroupErrors.ALREADY_OWNER);
        }
        apply(new OwnershipTransferred(groupUuid, command.byUuid(), command.userUuid()));
    }

    private Role roleOf(String userUuid) {
        return userUuid == null ? null : members.get(userUuid);
    }

    private Role requireAdmin(String userUuid) {
        Role role = roleOf(userUuid);
        if (role != Role.OWNER && role != Role.ADMIN) {
            throw new DomainException(GroupErrors.ADMINS_ONLY);
        }
        return role;
    }

    private void requireOwner(String userUuid) {
        if (roleOf(userUuid) != Role.OWNER) {
            throw new DomainException(GroupErrors.OWNER_ONLY);
        }
    }

    @EventSourcingHandler
    void on(GroupCreated event) {
        groupUuid = event.groupUuid();
        name = event.name();
        notice = event.notice();
        members.put(event.creatorUuid(), Role.OWNER);
    }

    @EventSourcingHandler
    void on(MemberJoined event) {
        members.put(event.userUuid(), Role.MEMBER);
    }

    @EventSourcingHandler
    void on(MemberLeft event) {
        members.remove(event.userUuid());
        closed = event.groupClosed();
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userUuid());
    }

    @EventSourcingHandler
    void on(MemberRoleChanged event) {
        members.put(event.userUuid(), event.role());
    }

    @EventSourcingHandler
    void on(OwnershipTransferred event) {
        members.put(event.previousOwnerUuid(), Role.ADMIN);
        members.put(event.newOwnerUuid(), Role.OWNER);
    }

    @EventSourcingHandler
    void on(GroupRenamed event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(GroupNoticeChanged event) {
        notice = event.notice();
    }
}
