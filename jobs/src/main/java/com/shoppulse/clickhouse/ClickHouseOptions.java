package com.shoppulse.clickhouse;

import com.shoppulse.options.Option;
import com.shoppulse.options.OptionValues;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the ClickHouse server is and who we are there. The password comes from the environment
 * ({@code CLICKHOUSE_PASSWORD}), never from program arguments, which the Flink web UI shows.
 */
public final class ClickHouseOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DRIVER = "com.clickhouse.jdbc.ClickHouseDriver";

    public static final Option<String> URL =
            Option.text("clickhouse-url")
                    .check(
                            url -> url.startsWith("http://") || url.startsWith("https://"),
                            "the HTTP address of ClickHouse, like http://localhost:8123")
                    .withDefault("http://localhost:8123")
                    .withDescription(
                            "ClickHouse HTTP interface; password from env `CLICKHOUSE_PASSWORD`");
    public static final Option<String> USER =
            Option.text("clickhouse-user").withDefault("default").withDescription("the user");
    public static final Option<String> DATABASE =
            Option.text("clickhouse-database")
                    .check(
                            name -> name.matches("[A-Za-z_][A-Za-z0-9_]*"),
                            "a database name of letters, digits and _")
                    .withDefault("shop_analytics")
                    .withDescription("the database; the jobs create it with `--init-schema`");
    public static final Option<String> CLUSTER =
            Option.text("clickhouse-cluster")
                    .check(
                            name -> name.matches("[A-Za-z_][A-Za-z0-9_-]*"),
                            "a cluster name of remote_servers (letters, digits, _ and -)")
                    .withDescription(
                            "a ClickHouse cluster's name: the schema is created on it, replicated"
                                    + " and sharded"
                                    + " ([docs/docker.md](docs/docker.md#a-clickhouse-cluster))");

    /** For the jobs, which bring their database up to date before they start. */
    public static final Option<Boolean> INIT_SCHEMA =
            Option.bool("init-schema")
                    .withDefault("true")
                    .withDescription("apply `sql/` to the database at start (idempotent)");

    /** The options {@link #fromOptions} reads, for programs that take them among others. */
    public static final List<Option<String>> OPTIONS = List.of(URL, USER, DATABASE, CLUSTER);

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

    /** These options as given; the password from the environment variable it names. */
    public static ClickHouseOptions fromOptions(OptionValues options) {
        return new ClickHouseOptions(
                options.get(URL),
                options.get(USER),
                System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""),
                options.get(DATABASE),
                options.get(CLUSTER));
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
