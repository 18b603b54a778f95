package im.deploy;

/**
 * One service process the launcher starts: a service, or one instance of it when several are started
 * ({@code IM_GATEWAY_INSTANCES}, {@code IM_MESSAGING_INSTANCES}).
 *
 * @param name         the Maven module, also the jar name ({@code <name>/target/<name>.jar})
 * @param portVariable the environment variable the service reads its HTTP port from
 * @param port         the port it listens on
 * @param database     its own PostgreSQL database, {@code null} for the gateway (instances of a service share it)
 * @param dbEnvPrefix  prefix of its database variables ({@code USER} -> {@code USER_DB_URL}, {@code USER_DB_USER},
 *                     {@code USER_DB_PASSWORD}), {@code null} without a database
 * @param instance     1 for the first (or only) instance of the service, 2, 3, ... for the others
 */
public record ServiceDefinition(String name, String portVariable, int port, String database, String dbEnvPrefix,
                                int instance) {

    public ServiceDefinition {
        if (instance < 1) {
            throw new IllegalArgumentException("instance numbers start at 1: " + instance);
        }
    }

    /** The first (or only) instance of a service. */
    public ServiceDefinition(String name, String portVariable, int port, String database, String dbEnvPrefix) {
        this(name, portVariable, port, database, dbEnvPrefix, 1);
    }

    /**
     * How the launcher names this process in its output, its log file and its supervision: the service name for
     * the first instance ({@code messaging-service}), with the instance number for the others
     * ({@code messaging-service-2}).
     */
    public String displayName() {
        return instance == 1 ? name : name + "-" + instance;
    }

    public boolean hasDatabase() {
        return database != null;
    }

    public String localUrl() {
        return "http://127.0.0.1:" + port;
    }
}
