package im.user.web;

import im.platform.axon.ReadYourWrites;
import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.platform.web.LegacyResponse;
import im.user.api.AddContact;
import im.user.api.LeaveContact;
import im.user.api.UserErrors;
import im.user.config.UserProperties;
import im.user.groupservice.GroupServiceClient;
import im.user.query.contacts.ContactRow;
import im.user.query.contacts.Contacts;
import im.user.query.contacts.ContactsProjection;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.directory.UserDirectoryProjection;
import im.user.query.groups.KnownGroup;
import im.user.query.groups.KnownGroups;
import im.user.query.groups.KnownMembership;
import im.user.web.ContactViews.AllUserInteract;
import im.user.web.ContactViews.InteractEcho;
import im.user.web.ContactViews.InteractItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The contact routes of both legacy families, all for the caller only (403 for anyone else's uuid):
 * <ul>
 *   <li>add a contact by username: go-chat's {@code POST /friend {uuid, friendUsername}} (what the stock go-chat-web
 *       calls) and IM-SDK's {@code POST /interact {uuid, interactWith}}; both make the two users contacts of each
 *       other at once;</li>
 *   <li>leave a 1:1 chat: {@code DELETE /interact?Uuid=&InteractWith=<username>};</li>
 *   <li>my chat list: {@code GET /interact?uuid=}, my contacts then my groups;</li>
 *   <li>IM-SDK's {@code POST /all-interact} and {@code DELETE /all-interact?Uuid=&InteractWithUuid=}, by user id
 *       (contacts) or group id (joining or leaving the group through group-service).</li>
 * </ul>
 */
@RestController
public class LegacyContactController {

    private static final String[] CONTACT_PROJECTIONS =
            {UserDirectoryProjection.PROCESSING_GROUP, ContactsProjection.PROCESSING_GROUP};

    private final UserCommands commands;
    private final UserDirectory directory;
    private final Contacts contacts;
    private final KnownGroups knownGroups;
    private final GroupServiceClient groupService;
    private final ReadYourWrites readYourWrites;
    private final UserProperties properties;

    public LegacyContactController(UserCommands commands, UserDirectory directory, Contacts contacts,
                                   KnownGroups knownGroups, GroupServiceClient groupService,
                                   ReadYourWrites readYourWrites, UserProperties properties) {
        this.commands = commands;
        this.directory = directory;
        this.contacts = contacts;
        this.knownGroups = knownGroups;
        this.groupService = groupService;
        this.readYourWrites = readYourWrites;
        this.properties = properties;
    }

    @PostMapping("/friend")
    LegacyResponse<Void> addFriend(Caller caller, @RequestBody LegacyRequests.Friend body) {
        caller.requireSelf(body.uuid());
        addContact(me(caller), byUsername(body.friendUsername()));
        return LegacyResponse.ok();
    }

    @PostMapping("/interact")
    LegacyResponse<Void> interact(Caller caller, @RequestBody LegacyRequests.Interact body) {
        caller.requireSelf(body.uuid());
        addContact(me(caller), byUsername(body.interactWith()));
        return LegacyResponse.ok();
    }

    /** Leave the 1:1 chat with a user named by username: they leave my lists only. Answers the query, echoed. */
    @DeleteMapping("/interact")
    LegacyResponse<InteractEcho> leave(Caller caller, @RequestParam("Uuid") String uuid,
                                       @RequestParam("InteractWith") String interactWith) {
        caller.requireSelf(uuid);
        DirectoryUser me = me(caller);
        leaveContact(me, byUsername(interactWith));
        return LegacyResponse.ok(new InteractEcho(uuid, interactWith));
    }

    /** My chat list: my contacts in the order added, then my current groups in the order joined; [] if none. */
    @GetMapping("/interact")
    LegacyResponse<List<InteractItem>> chats(Caller caller, @RequestParam("uuid") String uuid) {
        caller.requireSelf(uuid);
        List<InteractItem> items = new ArrayList<>();
        contacts.contactsOf(uuid).forEach(user ->
                items.add(new InteractItem(user.id(), user.uuid(), user.username(), user.avatar(), "")));
        knownGroups.groupsOf(uuid).forEach(group ->
                items.add(new InteractItem(group.id(), group.uuid(), "", "", group.name())));
        return LegacyResponse.ok(items);
    }

    /** Add a user as a contact, or join a group, named by id (see {@link InteractTarget}). */
    @PostMapping("/all-interact")
    LegacyResponse<AllUserInteract> addAny(Caller caller, @RequestBody LegacyRequests.AllInteract body) {
        caller.requireSelf(body.uuid());
        DirectoryUser me = me(caller);
        InteractTarget target = InteractTarget.of(body.interactWithUuid(), knownGroups);
        if (target.group()) {
            return LegacyResponse.ok(joinGroup(caller, me, groupId(target)));
        }
        DirectoryUser other = byId(target);
        addContact(me, other);
        return LegacyResponse.ok(row(me, other));
    }

    /** Leave a 1:1 chat or a group named by id; answers the row with {@code deletedAt} set. */
    @DeleteMapping("/all-interact")
    LegacyResponse<AllUserInteract> removeAny(Caller caller, @RequestParam("Uuid") String uuid,
                                              @RequestParam("InteractWithUuid") String interactWithUuid) {
        caller.requireSelf(uuid);
        DirectoryUser me = me(caller);
        InteractTarget target = InteractTarget.of(interactWithUuid, knownGroups);
        if (target.group()) {
            return LegacyResponse.ok(leaveGroup(caller, me, groupId(target)));
        }
        DirectoryUser other = byId(target);
        leaveContact(me, other);
        return LegacyResponse.ok(row(me, other));
    }

    private void addContact(DirectoryUser me, DirectoryUser other) {
        if (me.uuid().equals(other.uuid())) {
            throw new DomainException(UserErrors.CANNOT_ADD_SELF);
        }
        commands.send(new AddContact(me.uuid(), other.uuid()));
        readYourWrites.awaitProjections(CONTACT_PROJECTIONS);
    }

    private void leaveContact(DirectoryUser me, DirectoryUser other) {
        if (me.uuid().equals(other.uuid())) {
            throw new DomainException(UserErrors.CONTACT_NOT_FOUND);
        }
        commands.send(new LeaveContact(me.uuid(), other.uuid()));
        readYourWrites.awaitProjections(CONTACT_PROJECTIONS);
    }

    /**
     * Joins through group-service, then waits (up to {@code im.user.group-wait}) for its events to reach the known
     * groups, so the next {@code GET /interact} lists the group.
     */
    private AllUserInteract joinGroup(Caller caller, DirectoryUser me, String group) {
        JsonNode member = groupService.join(caller, group);
        Optional<KnownMembership> known = knownGroups.awaitMembership(group, me.uuid(), true, properties.groupWait())
                .filter(KnownMembership::active);
        String joinedAt = text(member, "joinedAt");
        return new AllUserInteract(known.map(KnownMembership::id).orElse(0L),
                joinedAt != null ? joinedAt : known.map(m -> ContactViews.time(m.joinedAt())).orElse(null),
                null, me.uuid(), me.username(), orElse(text(member, "groupUuid"), group), groupName(member, group));
    }

    private AllUserInteract leaveGroup(Caller caller, DirectoryUser me, String group) {
        Optional<KnownMembership> before = knownGroups.membership(group, me.uuid());
        JsonNode info = groupService.leave(caller, group);
        Optional<KnownMembership> after = knownGroups.awaitMembership(group, me.uuid(), false, properties.groupWait());
        Optional<KnownMembership> known = after.or(() -> before);
        Instant leftAt = after.filter(m -> !m.active()).map(KnownMembership::leftAt).orElseGet(Instant::now);
        return new AllUserInteract(known.map(KnownMembership::id).orElse(0L),
                known.map(m -> ContactViews.time(m.joinedAt())).orElse(null), ContactViews.time(leftAt),
                me.uuid(), me.username(), group, groupName(info, group));
    }

    /** The group's name as group-service answered it, else as user-service knows it. */
    private String groupName(JsonNode answer, String group) {
        String name = text(answer, "name");
        if (name != null) {
            return name;
        }
        return knownGroups.findByUuid(group).map(KnownGroup::name).orElse("");
    }

    /** My side of the pair with {@code other}, as the AllUserInteract row. */
    private AllUserInteract row(DirectoryUser me, DirectoryUser other) {
        ContactRow row = contacts.find(me.uuid(), other.uuid())
                .orElseThrow(() -> new DomainException(UserErrors.CONTACT_NOT_FOUND));
        return new AllUserInteract(row.id(), ContactViews.time(row.createdAt()),
                row.active() ? null : ContactViews.time(row.leftAt()), me.uuid(), me.username(), other.uuid(),
                other.username());
    }

    /** The caller's own account; a deleted one no longer exists. */
    private DirectoryUser me(Caller caller) {
        return directory.findByUuid(caller.uuid()).orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
    }

    private DirectoryUser byUsername(String username) {
        if (username == null || username.isEmpty() || username.length() > UserInputRules.MAX_USERNAME * 2
                || UserInputRules.hasControlCharacter(username)) {
            throw new DomainException(UserErrors.USER_NOT_FOUND);
        }
        return directory.findByUsername(username).orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
    }

    private DirectoryUser byId(InteractTarget target) {
        for (String candidate : target.candidates()) {
            Optional<DirectoryUser> user = directory.findByUuid(candidate);
            if (user.isPresent()) {
                return user.get();
            }
        }
        throw new DomainException(UserErrors.USER_NOT_FOUND);
    }

    private static String groupId(InteractTarget target) {
        if (target.candidates().isEmpty()) {
            throw new DomainException(UserErrors.GROUP_NOT_FOUND);
        }
        return target.candidates().get(0);
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || !value.isString() || value.asString().isEmpty() ? null : value.asString();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
