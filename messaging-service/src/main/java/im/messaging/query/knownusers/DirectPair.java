package im.messaging.query.knownusers;

import java.util.Optional;

/**
 * The two parties of a 1:1 message as the known-users projection has them, read in one statement
 * ({@link KnownUsersRepository#directPair}): the message path's access check costs one database round trip when
 * everything is in place.
 *
 * @param sender         the sender, deleted or not, if known
 * @param recipient      the recipient, deleted or not, if known
 * @param mutualContacts whether both directions of the pair are active contacts
 */
public record DirectPair(Optional<KnownUser> sender, Optional<KnownUser> recipient, boolean mutualContacts) {
}
