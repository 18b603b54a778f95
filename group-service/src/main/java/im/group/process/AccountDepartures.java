package im.group.process;

import im.group.api.AccountDeleted;
import im.group.api.GroupCreated;
import im.group.api.MemberJoined;
import im.group.api.RemoveDeletedAccount;
import im.group.query.groups.Groups;
import im.group.query.groups.GroupsProjection;
import im.group.query.knownusers.KnownUsersRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Takes deleted accounts out of their groups (tracking processor {@value #PROCESSING_GROUP}, never replayed).
 *
 * <ul>
 *   <li>{@link AccountDeleted} (appended by the known-users listener when {@code UserDeleted} arrives): once the
 *       {@code groups} processor has reached this event's position, the memberships read model lists every group
 *       the account joined before it was marked deleted; each gets a {@link RemoveDeletedAccount}.</li>
 *   <li>{@link MemberJoined} and {@link GroupCreated} of an account already marked deleted (a join that raced the
 *       deletion past the web layer's check): that group gets a {@link RemoveDeletedAccount} too. Together the
 *       two leave no gap: a join committed before the mark is in the read model, one committed after it finds
 *       the mark.</li>
 * </ul>
 *
 * <p>The commands run on a worker thread, each in its own unit of work and transaction (committed on its own),
 * and this handler waits for them. Sent from the processor's thread they would nest in the processor's unit of
 * work: their events would only be appended when the whole batch commits (holding every touched group's lock
 * until then), and a failure at that point (say a concurrent change to one group) could not be told apart per
 * group: it would roll back every group of the batch, again on each retry. Here a group whose command fails
 * {@value #ATTEMPTS} times (or that does not exist) is logged by id and skipped, and the others go on. The
 * command is idempotent, so a retried batch changes nothing for the groups already left. Logs carry ids and
 * exception types only.
 */
@Component
@ProcessingGroup(AccountDepartures.PROCESSING_GROUP)
@DisallowReplay
public class AccountDepartures implements DisposableBean {

    public static final String PROCESSING_GROUP = "account-departures";
    static final int ATTEMPTS = 3;
    private static final long READ_MODEL_WAIT_MS = 10_000;
    private static final long RETRY_PAUSE_MS = 100;
    private static final Logger log = LoggerFactory.getLogger(AccountDepartures.class);

    private final CommandGateway commands;
    private final Groups groups;
    private final KnownUsersRepository users;
    private final EventProcessingConfiguration processing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "account-departures-commands");
        thread.setDaemon(true);
        return thread;
    });

    public AccountDepartures(CommandGateway commands, Groups groups, KnownUsersRepository users,
                             @Lazy EventProcessingConfiguration processing) {
        this.commands = commands;
        this.groups = groups;
        this.users = users;
        this.processing = processing;
    }

    @EventHandler
    void on(AccountDeleted event, TrackingToken token) throws InterruptedException {
        awaitMembershipsAt(token);
        List<String> groupUuids = groups.currentGroupUuidsOf(event.userUuid());
        onWorker(() -> groupUuids.forEach(group -> depart(group, event.userUuid())));
    }

    @EventHandler
    void on(MemberJoined event) throws InterruptedException {
        if (users.isDeleted(event.userUuid())) {
            onWorker(() -> depart(event.groupUuid(), event.userUuid()));
        }
    }

    @EventHandler
    void on(GroupCreated event) throws InterruptedException {
        if (users.isDeleted(event.creatorUuid())) {
            onWorker(() -> depart(event.groupUuid(), event.creatorUuid()));
        }
    }

    /**
     * Waits until the {@code groups} processor has handled every event up to {@code token}; if it does not within
     * {@value #READ_MODEL_WAIT_MS} ms this fails, and the processor retries the batch later.
     */
    private void awaitMembershipsAt(TrackingToken token) throws InterruptedException {
        long target = token == null ? -1 : token.position().orElse(-1L);
        StreamingEventProcessor projection = processing
                .eventProcessor(GroupsProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + GroupsProjection.PROCESSING_GROUP));
        long deadline = System.nanoTime() + READ_MODEL_WAIT_MS * 1_000_000;
        while (!reached(projection.processingStatus(), target)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the memberships read model did not reach position " + target);
            }
            Thread.sleep(10);
        }
    }

    private static boolean reached(Map<Integer, EventTrackerStatus> status, long target) {
        if (status.isEmpty()) {
            return false;
        }
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            if (token == null || token.position().orElse(-1L) < target) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code task} outside this processor's unit of work and transaction, and waits for it. */
    private void onWorker(Runnable task) throws InterruptedException {
        Future<?> done = worker.submit(task);
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("account departure failed", e.getCause());
        } catch (InterruptedException e) {
            done.cancel(true);
            throw e;
        }
    }

    /** One group: retried on failure, then logged and skipped so the other groups still go on. */
    private void depart(String groupUuid, String userUuid) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(new RemoveDeletedAccount(groupUuid, userUuid));
                return;
            } catch (RuntimeException e) {
                if (isNoGroup(e)) {
                    log.warn("deleted account {} not removed from {}: no such group", userUuid, groupUuid);
                    return;
                }
                if (attempt >= ATTEMPTS) {
                    log.warn("deleted account {} not removed from {} after {} attempts: {}", userUuid, groupUuid,
                            ATTEMPTS, e.getClass().getName());
                    return;
                }
            }
            try {
                Thread.sleep(RETRY_PAUSE_MS * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isNoGroup(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
