package im.platform.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Axon on PostgreSQL through the JDBC storage engine: snake_case table and column names. The schema is in
 * {@code db/migration/V1__axon_event_store.sql}, shared by every service.
 */
@AutoConfiguration(
        after = AxonBoot4OrderingFix.class,
        beforeName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration")
@ConditionalOnClass({EventSchema.class, EventProcessingConfiguration.class})
public class AxonJdbcAutoConfiguration {

    /** PostgreSQL's SQLSTATE for a unique constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    @Bean
    @ConditionalOnMissingBean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .metaDataColumn("meta_data")
                .payloadColumn("payload")
                .payloadRevisionColumn("payload_revision")
                .payloadTypeColumn("payload_type")
                .timestampColumn("time_stamp")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .build();
    }

    /**
     * PostgreSQL's unique violation (SQLSTATE 23505) on the event table is a concurrent append to the same aggregate
     * at the same sequence: with this resolver the storage engine reports it as Axon's {@code ConcurrencyException}
     * (transient: a command may be retried on fresh state) or, at sequence 0, {@code AggregateStreamCreationException}.
     * Axon's default for JDBC ({@code JdbcSQLErrorCodesResolver}) only knows {@code SQLIntegrityConstraintViolationException},
     * which pgjdbc never throws, so every such conflict became a plain, non-transient {@code EventStoreException}.
     */
    @Bean
    @ConditionalOnMissingBean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /** Which gap indexes of a token are committed events now (for {@link ReadYourWrites}). */
    @Bean
    @ConditionalOnMissingBean
    CommittedEvents committedEvents(ObjectProvider<DataSource> dataSource, EventSchema schema) {
        String sql = "SELECT count(*) FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn()
                + " IN (:indexes)";
        return indexes -> JdbcClient.create(dataSource.getObject()).sql(sql)
                .param("indexes", List.copyOf(indexes)).query(Long.class).single() > 0;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }
}
