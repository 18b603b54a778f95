package im.gateway.accounts;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code deletedAccounts}: DOWN until {@link DeletedAccounts} was loaded from user-service. It is
 * part of the overall {@code /actuator/health} (what the local launcher waits on) and of the readiness group
 * {@code /actuator/health/readiness} (application.yml), so a gateway that cannot yet tell a deleted account's token
 * from a live one takes no traffic. Liveness is not affected: the load keeps retrying on its own.
 */
@Component // health component "deletedAccounts" (the bean name without its HealthIndicator suffix)
public class DeletedAccountsHealthIndicator implements HealthIndicator {

    private final DeletedAccounts accounts;

    public DeletedAccountsHealthIndicator(DeletedAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Health health() {
        return accounts.isLoaded()
                ? Health.up().withDetail("accounts", accounts.size()).build()
                : Health.down().withDetail("reason", "deleted accounts not loaded from user-service yet").build();
    }
}
