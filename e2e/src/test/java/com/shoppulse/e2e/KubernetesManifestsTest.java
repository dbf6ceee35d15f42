package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.shoppulse.alerts.AlertsJobConfig;
import com.shoppulse.metrics.MetricsJobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code deploy/kubernetes/} against what the Flink Kubernetes Operator accepts
 * and what the jobs need. Kubernetes drops a field its CRD does not know without a word, so a typo
 * such as {@code upgrademode} would quietly deploy a job that forgets its state: every key is
 * checked against the FlinkDeployment CRD ({@code flink.apache.org/v1beta1}, as the operator's Helm
 * chart {@code crds/flinkdeployments.flink.apache.org-v1.yml} defines it for operator 1.15/1.16,
 * the releases for Flink 2.2), and the values against its enums and the operator's own checks
 * (last-state needs high availability; a job's parallelism needs the slots). The jobs' arguments go
 * through the jobs' own option parsers, and every secret reference must name a key of the Secret
 * template.
 */
class KubernetesManifestsTest {
    private static final Path ROOT =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("..").normalize();
    private static final Path DIR = ROOT.resolve("deploy/kubernetes");

    private static final Set<String> SPEC_KEYS =
            Set.of(
                    "flinkConfiguration",
                    "flinkVersion",
                    "image",
                    "imagePullPolicy",
                    "ingress",
                    "job",
                    "jobManager",
                    "logConfiguration",
                    "mode",
                    "podTemplate",
                    "restartNonce",
                    "serviceAccount",
                    "taskManager");
    private static final Set<String> JOB_KEYS =
            Set.of(
                    "allowNonRestoredState",
                    "args",
                    "autoscalerResetNonce",
                    "checkpointTriggerNonce",
                    "entryClass",
                    "initialSavepointPath",
                    "jarURI",
                    "parallelism",
                    "savepointRedeployNonce",
                    "savepointTriggerNonce",
                    "state",
                    "upgradeMode");
    private static final Set<String> POD_SET_KEYS =
            Set.of("podTemplate", "replicas", "resource", "resources");
    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "ephemeralStorage", "memory");
    private static final Set<String> FLINK_VERSIONS =
            Set.of(
                    "v1_16", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2", "v2_3",
                    "v2_4");
    private static final Set<String> UPGRADE_MODES = Set.of("last-state", "savepoint", "stateless");
    private static final Set<String> JOB_STATES = Set.of("running", "suspended");
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,43}[a-z0-9])?");

    @Test
    void theManifestsAreWhatTheOperatorAndTheJobsAccept() throws Exception {
        List<JsonNode> documents = documents();

        assertThat(documents)
                .extracting(
                        d ->
                                d.path("kind").asText()
                                        + "/"
                                        + d.path("metadata").path("name").asText())
                .contains(
                        "FlinkDeployment/shop-pulse-metrics",
                        "FlinkDeployment/shop-pulse-alerts",
                        "Secret/shop-pulse-secrets",
                        "ServiceAccount/shop-pulse-flink");
        assertThat(problems(documents)).isEmpty();
    }

    @Test
    void aBrokenManifestIsCaught() throws Exception {
        Map<String, Consumer<ObjectNode>> breakages =
                Map.of(
                        "a misspelt job key",
                        d -> rename(job(d), "upgradeMode", "upgrademode"),
                        "an unknown Flink version",
                        d -> spec(d).put("flinkVersion", "v2_9"),
                        "last-state without high availability",
                        d -> config(d).remove("high-availability.type"),
                        "more subtasks than slots",
                        d -> job(d).put("parallelism", 99),
                        "an option the job does not know",
                        d -> ((ArrayNode) job(d).get("args")).add("--window-size").add("1h"),
                        "checkpoints on a local disk",
                        d -> config(d).put("execution.checkpointing.dir", "file:///tmp/chk"),
                        "a secret key the Secret lacks",
                        d ->
                                ((ObjectNode)
                                                d.at(
                                                        "/spec/podTemplate/spec/containers/0/env/1/valueFrom/secretKeyRef"))
                                        .put("key", "CLICKHOUSE_PASSWRD"),
                        "a number where the operator wants text",
                        d -> config(d).put("taskmanager.numberOfTaskSlots", 2));
        for (Map.Entry<String, Consumer<ObjectNode>> breakage : breakages.entrySet()) {
            List<JsonNode> documents = documents();
            ObjectNode metrics =
                    (ObjectNode)
                            documents.stream()
                                    .filter(
                                            d ->
                                                    d.path("metadata")
                                                            .path("name")
                                                            .asText()
                                                            .equals("shop-pulse-metrics"))
                                    .findFirst()
                                    .orElseThrow();
            breakage.getValue().accept(metrics);

            assertThat(problems(documents)).as(breakage.getKey()).isNotEmpty();
        }
    }

    /** Everything wrong with the manifests, one line each. */
    private static List<String> problems(List<JsonNode> documents) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> secretKeys = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        for (JsonNode d : documents) {
            if (d.path("kind").asText().equals("Secret")) {
                d.path("stringData").fieldNames().forEachRemaining(secretKeys::add);
            }
            if (d.path("kind").asText().equals("ServiceAccount")) {
                accounts.add(d.path("metadata").path("name").asText());
            }
        }
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        for (JsonNode d : documents) {
            if (d.path("kind").asText().equals("FlinkDeployment")) {
                new DeploymentCheck(d, problems).check(secretKeys, accounts, dockerfile);
            }
        }
        return problems;
    }

    /** The checks of one FlinkDeployment; each problem names the deployment and the field. */
    private static final class DeploymentCheck {
        private final JsonNode deployment;
        private final List<String> problems;
        private final String name;

        DeploymentCheck(JsonNode deployment, List<String> problems) {
            this.deployment = deployment;
            this.problems = problems;
            this.name = deployment.path("metadata").path("name").asText();
        }

        void check(Set<String> secretKeys, Set<String> accounts, String dockerfile) {
            require(
                    deployment.path("apiVersion").asText().equals("flink.apache.org/v1beta1"),
                    "apiVersion");
            require(NAME.matcher(name).matches(), "metadata.name must be a DNS label of <= 45");
            JsonNode spec = deployment.path("spec");
            keysWithin(spec, SPEC_KEYS, "spec");
            require(
                    FLINK_VERSIONS.contains(spec.path("flinkVersion").asText()),
                    "spec.flinkVersion is not one the CRD knows");
            require(
                    spec.path("flinkVersion").asText().equals(projectFlinkVersion()),
                    "spec.flinkVersion differs from the Flink the project builds against");
            require(!spec.path("image").asText().isBlank(), "spec.image");
            require(
                    accounts.contains(spec.path("serviceAccount").asText()),
                    "spec.serviceAccount is not created by the manifests");

            JsonNode config = spec.path("flinkConfiguration");
            config.fields()
                    .forEachRemaining(
                            f ->
                                    require(
                                            f.getValue().isTextual(),
                                            "flinkConfiguration." + f.getKey() + " must be text"));
            for (String dir :
                    List.of(
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir",
                            "high-availability.storageDir")) {
                require(
                        config.path(dir).asText().startsWith("s3://"),
                        "flinkConfiguration." + dir + " must be on object storage (s3://)");
            }

            for (String set : List.of("jobManager", "taskManager")) {
                JsonNode pods = spec.path(set);
                keysWithin(pods, POD_SET_KEYS, "spec." + set);
                keysWithin(pods.path("resource"), RESOURCE_KEYS, "spec." + set + ".resource");
                require(
                        pods.path("resource").path("memory").isTextual()
                                && pods.path("resource").path("cpu").isNumber(),
                        "spec." + set + ".resource needs memory (text) and cpu (a number)");
            }

            JsonNode job = spec.path("job");
            keysWithin(job, JOB_KEYS, "spec.job");
            require(
                    UPGRADE_MODES.contains(job.path("upgradeMode").asText()),
                    "spec.job.upgradeMode");
            require(JOB_STATES.contains(job.path("state").asText()), "spec.job.state");
            require(
                    !job.path("upgradeMode").asText().equals("last-state")
                            || config.path("high-availability.type").asText().equals("kubernetes"),
                    "last-state upgrades need high-availability.type: kubernetes");
            int slots =
                    config.path("taskmanager.numberOfTaskSlots").asInt(1)
                            * spec.path("taskManager").path("replicas").asInt(1);
            int parallelism = job.path("parallelism").asInt(0);
            require(
                    parallelism > 0 && parallelism <= slots,
                    "spec.job.parallelism " + parallelism + " must be 1.." + slots + " slots");
            String jar = job.path("jarURI").asText();
            require(
                    jar.startsWith("local://")
                            && dockerfile.contains(" " + jar.substring("local://".length())),
                    "spec.job.jarURI must be the jar the Dockerfile puts in the image");
            checkArguments(job);
            checkEnvironment(spec.path("podTemplate"), secretKeys);
        }

        private void checkArguments(JsonNode job) {
            List<String> args = new ArrayList<>();
            job.path("args").forEach(a -> args.add(a.asText()));
            String entryClass = job.path("entryClass").asText();
            try {
                if (entryClass.equals("com.shoppulse.metrics.MetricsJob")) {
                    MetricsJobConfig.fromArgs(args.toArray(String[]::new));
                } else if (entryClass.equals("com.shoppulse.alerts.AlertsJob")) {
                    AlertsJobConfig.fromArgs(args.toArray(String[]::new));
                } else {
                    problems.add(name + ": spec.job.entryClass " + entryClass + " is no job");
                }
            } catch (Exception e) {
                problems.add(name + ": spec.job.args refused: " + e.getMessage());
            }
        }

        private void checkEnvironment(JsonNode podTemplate, Set<String> secretKeys) {
            JsonNode main = null;
            for (JsonNode container : podTemplate.path("spec").path("containers")) {
                if (container.path("name").asText().equals("flink-main-container")) {
                    main = container;
                }
            }
            require(main != null, "podTemplate has no flink-main-container");
            if (main == null) {
                return;
            }
            Set<String> variables = new HashSet<>();
            for (JsonNode env : main.path("env")) {
                variables.add(env.path("name").asText());
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    require(
                            ref.path("name").asText().equals("shop-pulse-secrets")
                                    && secretKeys.contains(ref.path("key").asText()),
                            "env " + env.path("name").asText() + " names no key of the Secret");
                }
                if (env.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS")) {
                    require(
                            env.path("value")
                                    .asText()
                                    .equals("flink-s3-fs-presto-" + flinkRelease() + ".jar"),
                            "ENABLE_BUILT_IN_PLUGINS must name the S3 plugin of this Flink");
                }
            }
            require(
                    variables.containsAll(
                            List.of(
                                    "CLICKHOUSE_PASSWORD",
                                    "AWS_ACCESS_KEY_ID",
                                    "AWS_SECRET_ACCESS_KEY",
                                    "ENABLE_BUILT_IN_PLUGINS")),
                    "env lacks the ClickHouse password, the S3 credentials or the S3 plugin");
        }

        private void keysWithin(JsonNode node, Set<String> known, String path) {
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                require(known.contains(key), path + "." + key + " is not in the CRD");
            }
        }

        private void require(boolean holds, String problem) {
            if (!holds) {
                problems.add(name + ": " + problem);
            }
        }
    }

    private static List<JsonNode> documents() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class)
                        .forEachRemaining(documents::add);
            }
        }
        return documents;
    }

    /** The project's Flink release, from the parent pom: 2.2.1. */
    private static String flinkRelease() {
        try {
            Matcher m =
                    Pattern.compile("<flink.version>([^<]+)</flink.version>")
                            .matcher(Files.readString(ROOT.resolve("pom.xml")));
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator's name for the project's Flink: v2_2 for 2.2.1. */
    private static String projectFlinkVersion() {
        String[] parts = flinkRelease().split("\\.");
        return "v" + parts[0] + "_" + parts[1];
    }

    private static ObjectNode spec(ObjectNode deployment) {
        return (ObjectNode) deployment.get("spec");
    }

    private static ObjectNode job(ObjectNode deployment) {
        return (ObjectNode) spec(deployment).get("job");
    }

    private static ObjectNode config(ObjectNode deployment) {
        return (ObjectNode) spec(deployment).get("flinkConfiguration");
    }

    private static void rename(ObjectNode node, String from, String to) {
        node.set(to, node.remove(from));
    }
}
