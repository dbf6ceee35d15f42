package com.shoppulse.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the job list (flink-jobs.yaml): under {@code jobs}, one entry per job, keyed by its short
 * name, with {@code job-name}, {@code jar}, {@code entry-class}, {@code parallelism} (1 if left
 * out) and {@code args}, a map of option names to values that becomes {@code --name value}. Any
 * value may hold {@code ${NAME}} or {@code ${NAME:-default}} placeholders (see {@link Variables}).
 *
 * <p>An option whose value comes out empty is left out, so that {@code ${NAME:-}} makes an option
 * optional: the job then uses its own default. A placeholder without a default whose variable is
 * unset stops the reading with a message naming the variable, the job and the option.
 */
public final class JobList {
    private static final Set<String> KEYS =
            Set.of("job-name", "jar", "entry-class", "parallelism", "args");

    private JobList() {}

    public static List<JobSpec> read(Path file, Map<String, String> variables) throws IOException {
        JsonNode jobs = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("jobs");
        if (!jobs.isObject() || jobs.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no jobs under 'jobs'");
        }
        Variables filler = new Variables(variables);
        List<JobSpec> specs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = jobs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> job = it.next();
            specs.add(spec(file + ": job " + job.getKey(), job.getKey(), job.getValue(), filler));
        }
        return specs;
    }

    private static JobSpec spec(String where, String name, JsonNode job, Variables filler) {
        job.fieldNames()
                .forEachRemaining(
                        key -> {
                            if (!KEYS.contains(key)) {
                                throw new IllegalArgumentException(
                                        where
                                                + " has an unknown key '"
                                                + key
                                                + "'; known: "
                                                + KEYS);
                            }
                        });
        String parallelism =
                job.has("parallelism") ? value(where, "parallelism", job, filler) : "1";
        try {
            return new JobSpec(
                    name,
                    value(where, "job-name", job, filler),
                    Path.of(value(where, "jar", job, filler)),
                    value(where, "entry-class", job, filler),
                    Integer.parseInt(parallelism),
                    args(where, job.path("args"), filler));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    where + ": parallelism must be a number, not '" + parallelism + "'");
        }
    }

    private static String value(String where, String key, JsonNode job, Variables filler) {
        JsonNode node = job.path(key);
        if (!node.isValueNode() || node.isNull()) {
            throw new IllegalArgumentException(where + " needs a value for '" + key + "'");
        }
        String value = filler.fill(node.asText(), where + " (" + key + ")");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is empty");
        }
        return value;
    }

    private static List<String> args(String where, JsonNode options, Variables filler) {
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            if (!option.getValue().isValueNode() || option.getValue().isNull()) {
                throw new IllegalArgumentException(
                        where + " needs a value for option --" + option.getKey());
            }
            String value =
                    filler.fill(option.getValue().asText(), where + " (--" + option.getKey() + ")");
            if (!value.isEmpty()) {
                args.add("--" + option.getKey());
                args.add(value);
            }
        }
        return args;
    }
}
