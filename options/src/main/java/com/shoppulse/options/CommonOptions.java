package com.shoppulse.options;

import java.util.regex.Pattern;

/** Options that mean the same in every program that takes them, declared here once. */
public final class CommonOptions {
    private static final Pattern BROKERS =
            Pattern.compile("[^,\\s]+:\\d{1,5}(,[^,\\s]+:\\d{1,5})*");

    public static final Option<String> BOOTSTRAP_SERVERS =
            Option.text("bootstrap-servers")
                    .check(
                            servers -> BROKERS.matcher(servers).matches(),
                            "host:port[,host:port...]")
                    .withDefault("localhost:9092")
                    .withDescription("the Kafka brokers");

    private CommonOptions() {}
}
