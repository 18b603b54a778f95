package im.deploy;

/**
 * One service the launcher starts.
 *
 * @param name         the Maven module, also the jar name ({@code <name>/target/<name>.jar}) and the log name
 * @param portVariable the environment variable the service reads its HTTP port from
 * @param port         the port it listens on
 * @param database     its own PostgreSQL database, {@code null} for the gateway
 * @param dbEnvPrefix  prefix of its database variables ({@code USER} -> {@code USER_DB_URL}, {@code USER_DB_USER},
 *                     {@code USER_DB_PASSWORD}), {@code null} without a database
 */
public record ServiceDefinition(String name, String portVariable, int port, String database, String dbEnvPrefix) {

    public boolean hasDatabase() {
        return database != null;
    }

    public String localUrl() {
        return "http://127.0.0.1:" + port;
    }
}
