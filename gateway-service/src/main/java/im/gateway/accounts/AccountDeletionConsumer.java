package im.gateway.accounts;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.config.GatewayProperties;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.platform.kafka.ImTopics;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserDeleted;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Keeps {@link DeletedAccounts} complete (the algorithm is described there) and closes the sockets of a deleted
 * account on this gateway.
 *
 * <ul>
 *   <li>Consumes {@code im.user.events.v1} with the consumer group {@code gateway-<instance id>-accounts} (one per
 *       gateway instance; not the delivery consumer's group, so neither rebalances the other). On every assignment
 *       it positions at the end of the assigned partitions (resolved at once, before the load starts) and then
 *       {@linkplain #reload() loads} the list from user-service.</li>
 *   <li>The load is retried with backoff ({@code im.gateway.deleted-accounts.retry-min} doubling up to
 *       {@code retry-max}, with jitter) until it succeeds; a new assignment replaces a load still running.</li>
 *   <li>{@code UserDeleted}: the account is added to the set first, then every open socket of it here is closed
 *       with 1008 "account deleted", its queued deliveries dropped. A socket registering concurrently checks the set
 *       after its registration ({@code ChatSocketHandler}), so none stays open. Accounts of a loaded list are
 *       closed likewise (a re-assignment may have missed their event).</li>
 *   <li>Other event types are ignored; undecodable records are skipped, logged without content.</li>
 * </ul>
 */
@Component
public class AccountDeletionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletionConsumer.class);

    private final DeletedAccounts accounts;
    private final SessionRegistry sessions;
    private final LongFunction<Mono<List<String>>> loader;
    private final GatewayProperties.DeletedAccounts settings;
    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private Disposable load;
    private long loadAttempts;

    @Autowired
    public AccountDeletionConsumer(ConsumerFactory<String, byte[]> consumerFactory, ImTopics topics,
                                   GatewayProperties properties, DeletedAccounts accounts, SessionRegistry sessions,
                                   DeletedAccountsClient client) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.loader = client::deletedSince;
        this.settings = properties.deletedAccounts();
        ContainerProperties containerProperties = new ContainerProperties(topics.userEvents());
        containerProperties.setGroupId(groupId(properties.instanceId()));
        containerProperties.setClientId(groupId(properties.instanceId())); // kafka_consumer_*{client_id="<group>-0"}
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        containerProperties.setKafkaConsumerProperties(overrides);
        containerProperties.setMessageListener((MessageListener<String, byte[]>) this::handle);
        containerProperties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                assigned(consumer, partitions);
            }
        });
        this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, containerProperties);
        this.container.setBeanName("gateway-account-deletion-consumer");
    }

    /** Without Kafka, for unit tests of the record handling and the load. */
    AccountDeletionConsumer(DeletedAccounts accounts, SessionRegistry sessions,
                            LongFunction<Mono<List<String>>> loader, GatewayProperties.DeletedAccounts settings) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.loader = loader;
        this.settings = settings;
        this.container = null;
    }

    static String groupId(String instanceId) {
        return "gateway-" + instanceId + "-accounts";
    }

    private void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return; // an incremental rebalance that added nothing
        }
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the list is read
        log.info("account-deletion consumer positioned at the end of {} partitions; loading deleted accounts",
                partitions.size());
        reload();
    }

    /** Loads the list from user-service (replacing a load still running), retrying until it succeeds. */
    synchronized void reload() {
        if (load != null) {
            load.dispose();
        }
        loadAttempts = 0;
        load = Mono.defer(() -> {
                    attempt();
                    return loader.apply(accounts.loadSinceMs());
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.retryMin()).maxBackoff(settings.retryMax())
                        .doBeforeRetry(signal -> log.warn("loading the deleted accounts from user-service failed "
                                + "(attempt {}): {}; retrying", signal.totalRetries() + 1,
                                describe(signal.failure()))))
                .subscribe(this::loaded, error -> log.error("loading the deleted accounts stopped: {}",
                        describe(error)));
    }

    private synchronized void attempt() {
        loadAttempts++;
    }

    /** How many requests the current load has made so far. */
    synchronized long loadAttempts() {
        return loadAttempts;
    }

    private void loaded(List<String> uuids) {
        accounts.addLoaded(uuids);
        boolean first = !accounts.isLoaded();
        accounts.markLoaded();
        uuids.forEach(this::closeSockets);
        if (first) {
            log.info("loaded {} deleted accounts from user-service; ready", uuids.size());
        } else {
            log.info("reloaded {} deleted accounts from user-service", uuids.size());
        }
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping an undecodable user event at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        if (!envelope.getPayload().is(UserDeleted.class)) {
            return;
        }
        UserDeleted deleted;
        try {
            deleted = envelope.getPayload().unpack(UserDeleted.class);
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping user event {} with an undecodable payload", envelope.getEventId());
            return;
        }
        if (!accounts.add(deleted.getUuid(), deleted.getDeletedAtMs())) {
            log.warn("skipping user event {}: no uuid, or deleted longer ago than tokens live",
                    envelope.getEventId());
            return;
        }
        int closed = closeSockets(deleted.getUuid());
        log.info("account {} deleted: its tokens are refused, {} sockets closed", deleted.getUuid(), closed);
    }

    private int closeSockets(String uuid) {
        List<SocketConnection> open = sessions.ofUser(uuid);
        open.forEach(connection -> connection.closeWith(SocketConnection.ACCOUNT_DELETED));
        return open.size();
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        cancelLoad();
        container.stop(); // outside the lock: the consumer thread may be waiting for it in reload()
    }

    /** Stops a load still running (its retries included). */
    synchronized void cancelLoad() {
        if (load != null) {
            load.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
