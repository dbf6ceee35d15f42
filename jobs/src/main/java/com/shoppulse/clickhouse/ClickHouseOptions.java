package com.shoppulse.clickhouse;

import com.shoppulse.options.JobOptions;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where the ClickHouse server is and who we are there. The password comes from the environment
 * ({@code CLICKHOUSE_PASSWORD}), never from program arguments, which the Flink web UI shows.
 */
public final class ClickHouseOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DRIVER = "com.clickhouse.jdbc.ClickHouseDriver";

    /** The options {@link #fromOptions} reads, for jobs that accept them among others. */
    public static final Set<String> OPTION_NAMES =
            Set.of(
                    "clickhouse-url",
                    "clickhouse-user",
                    "clickhouse-database",
                    "clickhouse-cluster");

    private final String httpUrl;
    private final String user;
    private final String password;
    private final String database;
    private final String cluster;

    public ClickHouseOptions(String httpUrl, String user, String password, String database) {
        this(httpUrl, user, password, database, null);
    }

    /**
     * With {@code cluster} (null for one server), the migrator applies the cluster form of sql/.
     */
    public ClickHouseOptions(
            String httpUrl, String user, String password, String database, String cluster) {
        this.httpUrl = httpUrl.replaceAll("/+$", "");
        this.user = user;
        this.password = password;
        this.database = database;
        this.cluster = cluster;
    }

    /**
     * {@code --clickhouse-url} (default {@code http://localhost:8123}): the server's HTTP
     * interface; {@code --clickhouse-user} (default {@code default}); {@code --clickhouse-database}
     * (default {@code shop_analytics}); {@code --clickhouse-cluster} (default none: one server),
     * the cluster ({@code remote_servers}) the schema is created on, as {@link ClusterDdl} says;
     * the password from the environment variable {@code CLICKHOUSE_PASSWORD} (default empty).
     */
    public static ClickHouseOptions fromOptions(JobOptions options) {
        String url = options.string("clickhouse-url", "http://localhost:8123");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "option --clickhouse-url must be the HTTP address of ClickHouse, like"
                            + " http://localhost:8123, not '"
                            + url
                            + "'");
        }
        String database = options.string("clickhouse-database", "shop_analytics");
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "option --clickhouse-database must be letters, digits and _, not '"
                            + database
                            + "'");
        }
        String cluster = options.optional("clickhouse-cluster");
        if (cluster != null && !cluster.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException(
                    "option --clickhouse-cluster must be a cluster name of remote_servers (letters,"
                            + " digits, _ and -), not '"
                            + cluster
                            + "'");
        }
        String password = System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", "");
        return new ClickHouseOptions(
                url, options.string("clickhouse-user", "default"), password, database, cluster);
    }

    public String httpUrl() {
        return httpUrl;
    }

    public String database() {
        return database;
    }

    /** The cluster the schema lives on; empty for one server. */
    public Optional<String> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * A request to the HTTP interface as this user, in this database, running {@code query} with
     * the given settings ({@code name=value}); the body, if any, is the query's input.
     */
    public HttpRequest.Builder request(String query, String... settings) {
        StringBuilder uri =
                new StringBuilder(httpUrl)
                        .append("/?database=")
                        .append(database)
                        .append("&query=")
                        .append(URLEncoder.encode(query, StandardCharsets.UTF_8));
        for (String setting : settings) {
            uri.append('&').append(setting);
        }
        return HttpRequest.newBuilder(URI.create(uri.toString()))
                .header("X-ClickHouse-User", user)
                .header("X-ClickHouse-Key", password);
    }

    /** A connection to {@code database}, or to the server's default one when it is null. */
    public Connection connect(String databaseOrNull) throws SQLException {
        try {
            Class.forName(DRIVER);
        } catch (ClassNotFoundException e) {
            throw new SQLException("the ClickHouse JDBC driver is not on the classpath", e);
        }
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        String url =
                "jdbc:clickhouse:" + httpUrl + (databaseOrNull == null ? "" : "/" + databaseOrNull);
        return DriverManager.getConnection(url, properties);
    }
}
