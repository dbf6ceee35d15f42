package com.shoppulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.telegram.FakeTelegramServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, stopped and started again: {@code ./local/up.sh} stopped with SIGTERM
 * (what Ctrl-C does) once a few simulated days have closed, then started again, with Telegram
 * alerts going to a fake Bot API. The stop must take a savepoint of every job and the second start
 * resume each from it, so no message reaches Telegram twice; nothing may reach the dead-letter
 * topic (the demo's generator sends no broken records); and the final rows must equal what one
 * uninterrupted run makes of the same records.
 */
class LocalStackRestartIT {
    private static final List<String> JOBS = List.of("metrics", "alerts", "generator");

    @Test
    void aStoppedStackResumesWhereItLeftOffWithTheSameRows() throws Exception {
        LocalStack stack = new LocalStack("e2e-restart", 21123, 22092, 21081);
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            Map<String, String> settings =
                    Map.of(
                            "TELEGRAM_BOT_TOKEN", "123456789:e2e-fake-token-0123456789abcdefghij",
                            "TELEGRAM_CHAT_IDS", "4242",
                            "TELEGRAM_API_URL", telegram.url());

            Process first = stack.start(settings);
            try {
                stack.awaitLog(first, "shop-pulse is running", 1);
                stack.awaitClosedDays(2);
            } finally {
                LocalStack.stop(first);
            }
            for (String job : JOBS) {
                assertThat(stack.log()).contains("stopped " + job + " with savepoint ");
            }

            Process second = stack.start(settings);
            try {
                stack.awaitLog(second, "shop-pulse is running", 2);
                for (String job : JOBS) {
                    assertThat(stack.log())
                            .as("%s resumes from the savepoint of the stop", job)
                            .containsPattern(
                                    "submitted "
                                            + job
                                            + " \\(\\S+\\) as job \\w+, resuming from \\S+/"
                                            + job
                                            + "/savepoints/savepoint-");
                }
                stack.awaitClosedDays(stack.closedDays() + 2);

                stack.assertRowsAsIfNothingHappened("restart_replay");
                List<String> messages =
                        telegram.requests().stream().map(FakeTelegramServer.Request::text).toList();
                assertThat(messages).as("alert messages").isNotEmpty().doesNotHaveDuplicates();
            } finally {
                LocalStack.stop(second);
            }
        }
    }
}
