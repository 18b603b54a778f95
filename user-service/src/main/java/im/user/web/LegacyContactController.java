package im.user.web;

import im.platform.axon.ReadYourWrites;
import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.platform.web.LegacyResponse;
import im.user.api.AddContact;
import im.user.api.UserErrors;
import im.user.query.contacts.ContactsProjection;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.directory.UserDirectoryProjection;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Add contact" in both legacy forms: go-chat's {@code POST /friend {uuid, friendUsername}} (what the stock
 * go-chat-web calls) and IM-SDK's {@code POST /interact {uuid, interactWith}}. Both name the other user by
 * username; both make the two users contacts of each other at once.
 */
@RestController
public class LegacyContactController {

    private final UserCommands commands;
    private final UserDirectory directory;
    private final ReadYourWrites readYourWrites;

    public LegacyContactController(UserCommands commands, UserDirectory directory, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.directory = directory;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/friend")
    LegacyResponse<Void> addFriend(Caller caller, @RequestBody LegacyRequests.Friend body) {
        return addContact(caller, body.uuid(), body.friendUsername());
    }

    @PostMapping("/interact")
    LegacyResponse<Void> interact(Caller caller, @RequestBody LegacyRequests.Interact body) {
        return addContact(caller, body.uuid(), body.interactWith());
    }

    private LegacyResponse<Void> addContact(Caller caller, String uuid, String otherUsername) {
        caller.requireSelf(uuid);
        DirectoryUser me = directory.findByUuid(caller.uuid())
                .orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
        DirectoryUser other = byUsername(otherUsername);
        if (me.uuid().equals(other.uuid())) {
            throw new DomainException(UserErrors.CANNOT_ADD_SELF);
        }
        commands.send(new AddContact(me.uuid(), other.uuid()));
        readYourWrites.awaitProjections(UserDirectoryProjection.PROCESSING_GROUP, ContactsProjection.PROCESSING_GROUP);
        return LegacyResponse.ok();
    }

    private DirectoryUser byUsername(String username) {
        if (username == null || username.isEmpty() || username.length() > UserInputRules.MAX_USERNAME * 2
                || UserInputRules.hasControlCharacter(username)) {
            throw new DomainException(UserErrors.USER_NOT_FOUND);
        }
        return directory.findByUsername(username).orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
    }
}
