package im.platform.axon;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Ordering only. Axon 4.13's {@code JdbcAutoConfiguration} is conditional on a {@code DataSource} bean but is not
 * ordered after Boot 4's DataSource auto-configuration, and its {@code TransactionAutoConfiguration} refers to the
 * Boot 3 class name of the JDBC transaction manager. Without this, the event store is missing ("Default
 * configuration requires the use of event sourcing") and Axon silently runs without transactions.
 * {@code AxonWiringIT} in every Axon service guards it.
 */
@AutoConfiguration(
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration"})
public class AxonBoot4OrderingFix {
}
