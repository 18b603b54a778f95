package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * After a successful login: the same password hashed again at the configured BCrypt cost, because the stored hash
 * has another cost (an imported hash, or the cost setting changed). Applied only while {@code currentPasswordHash} is
 * still the account's hash (the one the login was verified against); otherwise nothing happens.
 */
public record RehashPassword(@TargetAggregateIdentifier String uuid, String currentPasswordHash,
                             String newPasswordHash) {

    @Override
    public String toString() {
        return "RehashPassword[uuid=" + uuid + "]";
    }
}
