package com.shoppulse.clickhouse;

import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.options.OptionTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Applies the versioned DDL in {@code sql/} ({@code V<number>__<what>.sql}, packaged into the job
 * jar) to a ClickHouse database, creating it if needed, then the repeatable scripts ({@code
 * R__<what>.sql}) with the KPIs of {@link com.shoppulse.kpi.Kpi} filled in ({@link KpiColumns}).
 * Versions already recorded in {@code schema_migrations} are skipped (a repeatable script is
 * recorded with a digest of its filled-in text, so it runs again when that changes), and every
 * statement is idempotent on its own, so running it again or from two places at once is harmless.
 *
 * <p>Usage: {@code java -cp shop-pulse-jobs.jar com.shoppulse.clickhouse.SchemaMigrator
 * --clickhouse-url http://localhost:8123 [--clickhouse-user default] [--clickhouse-database
 * shop_analytics] [--clickhouse-cluster name]}; the password is read from {@code
 * CLICKHOUSE_PASSWORD}. With a cluster, the statements run in their {@link ClusterDdl} form.
 */
public final class SchemaMigrator {
    private static final String MIGRATIONS_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_migrations (version String, applied_at DateTime"
                    + " DEFAULT now()) ENGINE = ReplacingMergeTree ORDER BY version";

    public static final OptionTable OPTIONS =
            OptionTable.of("the schema migrator", ClickHouseOptions.OPTIONS);

    private SchemaMigrator() {}

    public static void main(String[] args) throws Exception {
        if (OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        ClickHouseOptions options = ClickHouseOptions.fromOptions(OPTIONS.parse(args));
        List<String> applied = migrate(options);
        System.out.println(
                "ClickHouse database "
                        + options.database()
                        + " is up to date"
                        + (applied.isEmpty() ? "" : "; applied " + applied));
    }

    /** Brings the database up to date and returns the versions applied by this call. */
    public static List<String> migrate(ClickHouseOptions options) throws SQLException, IOException {
        Optional<ClusterDdl> cluster =
                options.cluster()
                        .map(name -> new ClusterDdl(name, options.database(), new HashSet<>()));
        try (Connection server = options.connect(null);
                Statement statement = server.createStatement()) {
            statement.execute(
                    options.cluster()
                            .map(name -> ClusterDdl.createDatabase(options.database(), name))
                            .orElse("CREATE DATABASE IF NOT EXISTS `" + options.database() + "`"));
        }
        List<String> applied = new ArrayList<>();
        try (Connection db = options.connect(options.database());
                Statement statement = db.createStatement()) {
            statement.execute(cluster.map(ClusterDdl::migrationsTable).orElse(MIGRATIONS_TABLE));
            Set<String> done = appliedVersions(db);
            for (Map.Entry<String, String> migration : migrations()) {
                // Translated even when applied: later statements name the tables it made.
                List<String> statements = statements(migration.getValue(), cluster);
                if (done.contains(migration.getKey())) {
                    continue;
                }
                for (String sql : statements) {
                    statement.execute(sql);
                }
                try (PreparedStatement record =
                        db.prepareStatement("INSERT INTO schema_migrations (version) VALUES (?)")) {
                    record.setString(1, migration.getKey());
                    record.executeUpdate();
                }
                applied.add(migration.getKey());
            }
        }
        return applied;
    }

    private static Set<String> appliedVersions(Connection db) throws SQLException {
        Set<String> versions = new HashSet<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM schema_migrations")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }

    /** The migrations in version order: file name without {@code .sql}, and its text. */
    static List<Map.Entry<String, String>> migrations() throws IOException {
        URL root = SchemaMigrator.class.getClassLoader().getResource("sql");
        if (root == null) {
            throw new IOException("no sql/ directory on the classpath");
        }
        try {
            URI uri = root.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath("sql"));
                }
            }
            return read(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static List<Map.Entry<String, String>> read(Path dir) throws IOException {
        List<Map.Entry<String, String>> migrations = new ArrayList<>();
        for (Path file : files(dir, "V\\d+__.*\\.sql")) {
            migrations.add(Map.entry(name(file), text(file)));
        }
        for (Path file : files(dir, "R__.*\\.sql")) {
            String script = KpiColumns.fill(text(file));
            migrations.add(Map.entry(name(file) + "@" + digest(script), script));
        }
        return migrations;
    }

    private static List<Path> files(Path dir, String pattern) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(pattern))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String name(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".sql".length());
    }

    private static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The first 12 hex digits of the script's SHA-256: a repeatable one runs when this changes. */
    private static String digest(String script) {
        return DeadLetter.sha256(script.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    /** The statements of a file, in their cluster form when there is a cluster. */
    static List<String> statements(String script, Optional<ClusterDdl> cluster) {
        List<String> statements = statements(script);
        if (cluster.isEmpty()) {
            return statements;
        }
        List<String> translated = new ArrayList<>();
        statements.forEach(sql -> translated.addAll(cluster.get().translate(sql)));
        return translated;
    }

    /** Splits a file into statements: comment lines dropped, a statement ends with {@code ;}. */
    static List<String> statements(String script) {
        String withoutComments =
                Arrays.stream(script.split("\n"))
                        .filter(line -> !line.strip().startsWith("--"))
                        .collect(Collectors.joining("\n"));
        return Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }
}
