package com.shoppulse.e2e;

import static com.shoppulse.e2e.SupersetDatabases.BUNDLE_DATABASE_FILE;
import static com.shoppulse.e2e.SupersetDatabases.PASSWORD_MASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Superset's first start against a ClickHouse that has the users the official image gives the
 * Docker stack: the user and password of .env, a password with every character that means something
 * in a URI. Superset's dashboard import connects to the database it imports, so the credentials
 * that {@code shop_pulse_databases.py} hands the importer must log in.
 *
 * <p>The test follows them the way Superset 5.0.0 does: the bundle's URI (the user, and the
 * password placeholder) as SQLAlchemy parses it, the password from the importer's {@code
 * passwords}, the URI Superset renders from both and parses again before it connects ({@code
 * Database.sqlalchemy_uri_decrypted}), and then the login clickhouse-connect makes: HTTP basic
 * authentication and the URI's database, running what the importer runs (it lists the schemas). No
 * Superset runs here.
 *
 * <p>The server is the real ClickHouse engine, the one {@code ./local/test.sh} serves the other
 * tests with, started here with a users file of its own: a user created by {@code CREATE USER}
 * would need a writable access storage, which the embedded engine does not have, and the image
 * itself creates its user in a users file ({@code users.d/default-user.xml}). Unlike the image,
 * this server keeps a passwordless {@code default} user: the engine's own session logs in as it.
 */
class SupersetClickHouseLoginIT {
    private static final String USER = "analyst_1";
    private static final String PASSWORD = SupersetCredentialsTest.HOSTILE_PASSWORD;
    private static final String DATABASE = "shop_analytics";

    /** A second user whose password Superset 5.0.0 would decode a second time. */
    private static final String PERCENT_USER = "percent_user";

    private static final String PERCENT_PASSWORD = "pw%41pw";
    private static final Map<String, String> ENV =
            SupersetCredentialsTest.clickHouseEnv(USER, PASSWORD);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir static Path dir;
    private static Process server;
    private static String serverUrl;

    @BeforeAll
    static void startClickHouseWithTheUsersOfEnv() throws Exception {
        Path users = dir.resolve("users.xml");
        Files.writeString(
                users,
                """
                <clickhouse>
                  <profiles><default/></profiles>
                  <quotas><default/></quotas>
                  <users>
                    <default>
                      <password></password>
                      <networks><ip>::/0</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                    %s
                    %s
                  </users>
                </clickhouse>
                """
                        .formatted(user(USER, PASSWORD), user(PERCENT_USER, PERCENT_PASSWORD)));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        serverUrl = "http://127.0.0.1:" + port;
        server =
                new ProcessBuilder(
                                "python3",
                                SupersetDatabases.ROOT
                                        .resolve("local/clickhouse_server.py")
                                        .toString(),
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--port",
                                String.valueOf(port),
                                "--lib",
                                chdbLibrary().toString(),
                                "--users-xml",
                                users.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("clickhouse.log").toFile())
                        .start();
        waitUntilServing();
        // As the image does for CLICKHOUSE_DB, with the user of .env.
        HttpResponse<String> created =
                query(USER, PASSWORD, null, "CREATE DATABASE IF NOT EXISTS " + DATABASE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @AfterAll
    static void stopClickHouse() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theFirstStartsImportLogsInAsTheUserOfEnv() throws Exception {
        JsonNode plan = SupersetDatabases.importPlan(ENV, dir);
        String bundleUri =
                new ObjectMapper(new YAMLFactory())
                        .readTree(plan.path("databases").path(BUNDLE_DATABASE_FILE).asText())
                        .path("sqlalchemy_uri")
                        .asText();
        SqlAlchemyUrl stored = SqlAlchemyUrl.parse(bundleUri);
        // Database.set_sqlalchemy_uri keeps the imported password only behind the placeholder.
        assertThat(stored.password()).isEqualTo(PASSWORD_MASK);
        String password = plan.path("passwords").path(BUNDLE_DATABASE_FILE).asText();

        SqlAlchemyUrl connection = supersetConnectsWith(stored, password);

        assertLogsInAsTheUserOfEnv(connection);
    }

    @Test
    void everyStartsConnectionUriLogsInAsTheUserOfEnv() throws Exception {
        // superset set-database-uri: Database.set_sqlalchemy_uri keeps the parsed password.
        SqlAlchemyUrl parsed = SqlAlchemyUrl.parse(SupersetDatabases.line(ENV, "clickhouse-uri"));

        SqlAlchemyUrl connection = supersetConnectsWith(parsed, parsed.password());

        assertLogsInAsTheUserOfEnv(connection);
    }

    @Test
    void theBundlesFormerUriLogsInAsSomeoneElse() throws Exception {
        // Before: the bundle named `default`, with no password. The image removes that user when
        // CLICKHOUSE_USER is set, so the Docker stack refused it and the first start stopped;
        // this server keeps `default` for its engine, so here it logs in, as another user.
        SqlAlchemyUrl former =
                SqlAlchemyUrl.parse("clickhousedb://default@clickhouse:8123/shop_analytics");

        HttpResponse<String> answer =
                query(former.username(), "", former.database(), "SELECT currentUser()");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body().strip()).isNotEqualTo(USER);
    }

    @Test
    void thePasswordPutIntoTheUriAsItIsDoesNotLogIn() throws Exception {
        SqlAlchemyUrl unencoded =
                SqlAlchemyUrl.parse(
                        "clickhousedb://" + USER + ":" + PASSWORD + "@clickhouse:8123/" + DATABASE);

        HttpResponse<String> answer =
                query(unencoded.username(), unencoded.password(), null, "SELECT 1");

        assertThat(answer.statusCode()).isNotEqualTo(200);
        assertThat(answer.body()).contains("AUTHENTICATION_FAILED");
    }

    @Test
    void aPercentFollowedByHexDigitsWouldNotLogInThroughSuperset500() throws Exception {
        // Why shop_pulse_databases.py refuses such a password: the server knows it, but Superset
        // 5.0.0 renders and parses the URI once more before it connects.
        SqlAlchemyUrl stored =
                SqlAlchemyUrl.parse(
                        "clickhousedb://"
                                + PERCENT_USER
                                + ":"
                                + PASSWORD_MASK
                                + "@clickhouse:8123/"
                                + DATABASE);
        assertThat(query(PERCENT_USER, PERCENT_PASSWORD, null, "SELECT 1").statusCode())
                .isEqualTo(200);

        SqlAlchemyUrl connection = supersetConnectsWith(stored, PERCENT_PASSWORD);

        assertThat(connection.password()).isEqualTo("pwApw");
        assertThat(query(connection.username(), connection.password(), null, "SELECT 1").body())
                .contains("AUTHENTICATION_FAILED");
    }

    /**
     * The URI Superset 5.0.0 connects with: the stored URI with the stored password, rendered as a
     * string and parsed again ({@code Database.sqlalchemy_uri_decrypted}, then {@code
     * make_url_safe} in {@code _get_sqla_engine}).
     */
    private static SqlAlchemyUrl supersetConnectsWith(SqlAlchemyUrl stored, String password) {
        return SqlAlchemyUrl.parse(stored.withPassword(password).render());
    }

    /** clickhouse-connect's login with the URI's user, password and database. */
    private static void assertLogsInAsTheUserOfEnv(SqlAlchemyUrl connection) throws Exception {
        assertThat(connection.username()).isEqualTo(USER);
        assertThat(connection.password()).isEqualTo(PASSWORD);

        HttpResponse<String> whoAmI =
                query(
                        connection.username(),
                        connection.password(),
                        connection.database(),
                        "SELECT currentUser(), currentDatabase()");
        assertThat(whoAmI.statusCode()).as(whoAmI.body()).isEqualTo(200);
        assertThat(whoAmI.body().strip()).isEqualTo(USER + "\t" + DATABASE);
        // What the importer runs on the connection (clickhouse-connect's get_schema_names).
        HttpResponse<String> schemas =
                query(
                        connection.username(),
                        connection.password(),
                        connection.database(),
                        "SHOW DATABASES");
        assertThat(schemas.statusCode()).as(schemas.body()).isEqualTo(200);
        assertThat(schemas.body().lines()).contains(DATABASE);
    }

    /** A query as clickhouse-connect sends it: basic authentication, the database a parameter. */
    private static HttpResponse<String> query(
            String user, String password, String database, String sql)
            throws IOException, InterruptedException {
        String credentials =
                Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String url =
                serverUrl
                        + "/"
                        + (database == null
                                ? ""
                                : "?database="
                                        + URLEncoder.encode(database, StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Basic " + credentials)
                        .POST(HttpRequest.BodyPublishers.ofString(sql))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A user as the image's entrypoint writes CLICKHOUSE_USER and CLICKHOUSE_PASSWORD. */
    private static String user(String name, String password) {
        String escaped = password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return """
                <%s>
                  <profile>default</profile>
                  <networks><ip>::/0</ip></networks>
                  <password>%s</password>
                  <quota>default</quota>
                  <access_management>0</access_management>
                </%s>
                """
                .formatted(name, escaped, name);
    }

    private static void waitUntilServing() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail(
                        "the ClickHouse server stopped: "
                                + Files.readString(dir.resolve("clickhouse.log")));
            }
            try {
                HttpResponse<String> ping =
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(serverUrl + "/ping"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (ping.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail(
                "no ClickHouse answered at "
                        + serverUrl
                        + "/ping: "
                        + Files.readString(dir.resolve("clickhouse.log")));
    }

    /**
     * The ClickHouse engine library: SHOPPULSE_IT_CHDB_LIB (./local/test.sh sets it), else the one
     * ./local/up.sh fetched into .local/chdb.
     */
    private static Path chdbLibrary() throws IOException {
        String configured = System.getenv("SHOPPULSE_IT_CHDB_LIB");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path packages = SupersetDatabases.ROOT.resolve(".local/chdb/node_modules/@chdb");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(packages)) {
            try (Stream<Path> files = Files.walk(packages, 2)) {
                files.filter(p -> p.getFileName().toString().startsWith("libchdb."))
                        .forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            return fail(
                    "no ClickHouse engine: set SHOPPULSE_IT_CHDB_LIB to libchdb, or run"
                            + " ./local/test.sh, which fetches it");
        }
        return found.get(0);
    }
}
