package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker/superset/shop_pulse_databases.py}, the code the Superset containers build their
 * database URIs and their dashboard import with, run by python3 as {@code superset-init.sh} and
 * {@code superset_config.py} run it, with the settings of .env in its environment.
 */
final class SupersetDatabases {
    static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("..").normalize();
    static final Path SCRIPT = ROOT.resolve("docker/superset/shop_pulse_databases.py");

    /** Superset's placeholder for a password it keeps elsewhere. */
    static final String PASSWORD_MASK = "XXXXXXXXXX";

    /** The bundle's connection, as the bundle names it (its path in the ZIP, below the root). */
    static final String BUNDLE_DATABASE_FILE = "databases/shop_pulse_clickhouse.yaml";

    record Result(int exitCode, String stdout, String stderr) {}

    private SupersetDatabases() {}

    static Result run(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), stdout, stderr);
    }

    /** The one line a command prints, after checking that it succeeded. */
    static String line(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Result result = run(environment, args);
        assertThat(result.exitCode()).as("%s: %s", List.of(args), result.stderr()).isZero();
        return result.stdout().strip();
    }

    /**
     * What superset-init.sh's import hands Superset's importer for the bundle this checkout builds:
     * {@code databases} (file name to the file's text) and {@code passwords} (file name to
     * password).
     */
    static JsonNode importPlan(Map<String, String> environment, Path workDir)
            throws IOException, InterruptedException {
        Path zip = workDir.resolve("shop-pulse-dashboards.zip");
        Process build =
                new ProcessBuilder(
                                "bash",
                                ROOT.resolve("superset/build-bundle.sh").toString(),
                                zip.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as("build-bundle.sh: %s", output).isZero();
        return new ObjectMapper().readTree(line(environment, "import-plan", zip.toString()));
    }
}
