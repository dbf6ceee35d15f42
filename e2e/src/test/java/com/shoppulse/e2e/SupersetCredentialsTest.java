package com.shoppulse.e2e;

import static com.shoppulse.e2e.SupersetDatabases.BUNDLE_DATABASE_FILE;
import static com.shoppulse.e2e.SupersetDatabases.PASSWORD_MASK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the passwords of .env reach Superset's two databases, without a database: the URIs that
 * {@code shop_pulse_databases.py} builds, read back as SQLAlchemy 1.4 reads them, give each
 * database the user and password of .env, whatever characters the password has.
 * SupersetClickHouseLoginIT logs in with them to a real ClickHouse.
 */
class SupersetCredentialsTest {
    /** Every character that means something in a URI, a space and a '%' that is no escape. */
    static final String HOSTILE_PASSWORD = "p@ss/w:rd %z#1 ?x";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theMetadataUriGivesPostgresTheUserAndPasswordOfEnv() throws Exception {
        for (String password :
                List.of(HOSTILE_PASSWORD, "100%", "a%41b", "ünï €", "change-me-postgres")) {
            String uri =
                    SupersetDatabases.line(
                            Map.of("SUPERSET_DB_PASSWORD", password), "metadata-uri");
            SqlAlchemyUrl url = SqlAlchemyUrl.parse(uri);

            assertThat(url)
                    .as("%s, for the password %s", uri, password)
                    .isEqualTo(
                            new SqlAlchemyUrl(
                                    "postgresql+psycopg2",
                                    "superset",
                                    password,
                                    "superset-db",
                                    5432,
                                    "superset"));
        }
    }

    @Test
    void aPasswordPutIntoTheUriAsItIsWouldReachPostgresCutShort() {
        // What docker-compose.yml built before: ${SUPERSET_DB_PASSWORD} between ':' and '@'.
        SqlAlchemyUrl url =
                SqlAlchemyUrl.parse(
                        "postgresql+psycopg2://superset:"
                                + HOSTILE_PASSWORD
                                + "@superset-db:5432/superset");

        assertThat(url.password()).isEqualTo("p");
        assertThat(url.host()).isEqualTo("ss");
    }

    @Test
    void theClickHouseUriCarriesTheUserPasswordAndDatabaseOfEnv() throws Exception {
        String uri =
                SupersetDatabases.line(
                        clickHouseEnv("analyst_1", HOSTILE_PASSWORD), "clickhouse-uri");

        assertThat(SqlAlchemyUrl.parse(uri))
                .isEqualTo(
                        new SqlAlchemyUrl(
                                "clickhousedb",
                                "analyst_1",
                                HOSTILE_PASSWORD,
                                "clickhouse",
                                8123,
                                "shop_analytics"));
    }

    @Test
    void aPasswordThatSuperset500WouldDecodeTwiceIsRefusedWithTheReason() throws Exception {
        SupersetDatabases.Result result =
                SupersetDatabases.run(clickHouseEnv("analyst_1", "secret%41"), "clickhouse-uri");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr())
                .contains("CLICKHOUSE_PASSWORD")
                .contains("'%' followed by two hex digits")
                .doesNotContain("secret");
    }

    @Test
    void theBundleItselfNamesTheStacksUserAndLeavesThePasswordToTheImport() {
        JsonNode database = DashboardsBundle.ofThisCheckout().databases.get(BUNDLE_DATABASE_FILE);
        SqlAlchemyUrl url = SqlAlchemyUrl.parse(database.path("sqlalchemy_uri").asText());

        // The placeholder makes Superset's importer ask for the password (ImportV1DatabaseSchema
        // .validate_password), in the UI as in superset-init.sh's import.
        assertThat(url.password()).isEqualTo(PASSWORD_MASK);
        assertThat(url.username()).isEqualTo("shop_pulse");
        assertThat(database.has("password")).as("a password in the bundle").isFalse();
    }

    @Test
    void theImportGetsTheUserOfEnvInTheBundleAndThePasswordUnderTheFilesName(@TempDir Path dir)
            throws Exception {
        JsonNode plan =
                SupersetDatabases.importPlan(clickHouseEnv("analyst_1", HOSTILE_PASSWORD), dir);

        assertThat(plan.path("passwords"))
                .as("the importer's passwords, by the file name it reads the bundle under")
                .isEqualTo(
                        new ObjectMapper()
                                .createObjectNode()
                                .put(BUNDLE_DATABASE_FILE, HOSTILE_PASSWORD));
        JsonNode imported =
                YAML.readTree(plan.path("databases").path(BUNDLE_DATABASE_FILE).asText());
        assertThat(SqlAlchemyUrl.parse(imported.path("sqlalchemy_uri").asText()))
                .isEqualTo(
                        new SqlAlchemyUrl(
                                "clickhousedb",
                                "analyst_1",
                                PASSWORD_MASK,
                                "clickhouse",
                                8123,
                                "shop_analytics"));
        ObjectNode rest = imported.deepCopy();
        ObjectNode original =
                DashboardsBundle.ofThisCheckout().databases.get(BUNDLE_DATABASE_FILE).deepCopy();
        rest.remove("sqlalchemy_uri");
        original.remove("sqlalchemy_uri");
        assertThat(rest).as("everything but the URI as the bundle has it").isEqualTo(original);
    }

    static Map<String, String> clickHouseEnv(String user, String password) {
        return Map.of(
                "CLICKHOUSE_USER", user,
                "CLICKHOUSE_PASSWORD", password,
                "CLICKHOUSE_DATABASE", "shop_analytics");
    }
}
