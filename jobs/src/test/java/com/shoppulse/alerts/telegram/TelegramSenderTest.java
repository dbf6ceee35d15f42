package com.shoppulse.alerts.telegram;

import static com.shoppulse.alerts.telegram.TestAlerts.SECRET;
import static com.shoppulse.alerts.telegram.TestAlerts.TOKEN;
import static com.shoppulse.alerts.telegram.TestAlerts.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.alerts.telegram.FakeTelegramServer.Reply;
import com.shoppulse.alerts.telegram.FakeTelegramServer.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class TelegramSenderTest {
    private static final String MESSAGE = "🔴 <b>shop-pulse: 1 alert</b> for Омск &lt;&amp;&gt;";

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    @AutoClose private final FakeTelegramServer telegram;

    TelegramSenderTest() throws IOException {
        telegram = FakeTelegramServer.start();
    }

    @Test
    void sendsTheHtmlToEveryChat() {
        TelegramSender.Outcome outcome = send("-1001234567890,@shop_alerts");

        assertThat(outcome.isSent()).isTrue();
        assertThat(outcome.failure()).isNull();
        assertThat(telegram.requests())
                .containsExactly(
                        new Request(TOKEN, "-1001234567890", MESSAGE, "HTML"),
                        new Request(TOKEN, "@shop_alerts", MESSAGE, "HTML"));
        assertThat(waits).isEmpty();
    }

    @Test
    void readiesItselfForTheFirstMessageWithoutSendingOne() {
        try (TelegramSender sender =
                new TelegramSender(settings(telegram.url(), "42"), waits::add)) {
            assertThat(sender.prepareToSend()).isTrue();

            assertThat(telegram.requests()).isEmpty();
            assertThat(sender.send(MESSAGE).isSent()).isTrue();
        }
        assertThat(telegram.requests()).containsExactly(new Request(TOKEN, "42", MESSAGE, "HTML"));
    }

    @Test
    void waitsAsLongAsTelegramAsksAfterA429() {
        telegram.enqueue(Reply.tooManyRequests(3), Reply.ok());

        assertThat(send("42").isSent()).isTrue();

        assertThat(telegram.requests()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void waitsTheWholeHourTelegramAsksFor() {
        telegram.enqueue(Reply.tooManyRequests(3_600), Reply.tooManyRequests(86_400), Reply.ok());

        assertThat(send("42").isSent()).isTrue();

        assertThat(waits).containsExactly(Duration.ofHours(1), Duration.ofDays(1));
    }

    @Test
    void backsOffAfterA429WithoutRetryAfter() {
        telegram.enqueue(Reply.error(429, "Too Many Requests"), Reply.ok());

        assertThat(send("42").isSent()).isTrue();

        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void retriesServerErrorsWithGrowingBackoffUntilSent() {
        for (int i = 0; i < 6; i++) {
            telegram.enqueue(Reply.error(i % 2 == 0 ? 500 : 502, "Bad Gateway"));
        }
        telegram.enqueue(Reply.ok());

        assertThat(send("42").isSent()).isTrue();

        assertThat(telegram.requests()).hasSize(7);
        assertThat(waits)
                .extracting(Duration::toMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);
    }

    @Test
    void retriesAnAnswerThatIsNotFromTheBotApi() {
        telegram.enqueue(Reply.raw(502, "<html><body>502 Bad Gateway</body></html>"), Reply.ok());

        assertThat(send("42").failure()).isNull();

        assertThat(telegram.requests()).hasSize(2);
    }

    @Test
    void retriesARequestThatTimesOutUntilSent() {
        telegram.enqueue(Reply.hang(), Reply.hang(), Reply.ok());

        assertThat(send("42").isSent()).isTrue();

        assertThat(telegram.requests()).hasSize(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void doesNotRetryABadRequest() {
        telegram.enqueue(Reply.error(400, "Bad Request: chat not found"));

        TelegramSender.Outcome outcome = send("42");

        assertThat(outcome.failure())
                .isEqualTo(
                        "chat 42: Telegram error 400: Bad Request: chat not found (not retried)");
        assertThat(telegram.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void givesUpOnEveryPermanentRefusalOnly() {
        for (int code : new int[] {400, 401, 403, 404}) {
            telegram.enqueue(Reply.error(code, "refused"));
        }

        for (int code : new int[] {400, 401, 403, 404}) {
            assertThat(send("42").failure())
                    .isEqualTo("chat 42: Telegram error " + code + ": refused (not retried)");
        }
        assertThat(telegram.requests()).hasSize(4);
        assertThat(waits).isEmpty();
    }

    @Test
    void doesNotSendAMessageTelegramWouldRefuse() {
        try (TelegramSender sender =
                new TelegramSender(settings(telegram.url(), "42"), waits::add)) {
            assertThat(sender.send("").failure())
                    .startsWith("chat 42: invalid message: ")
                    .endsWith("(not retried)");
        }
        assertThat(telegram.requests()).isEmpty();
    }

    @Test
    void oneFailingChatDoesNotStopTheOthers() {
        telegram.enqueue(Reply.error(403, "Forbidden: bot was kicked from the group chat"));

        TelegramSender.Outcome outcome = send("-7,42");

        assertThat(outcome.failure())
                .isEqualTo(
                        "chat -7: Telegram error 403: Forbidden: bot was kicked from the group"
                                + " chat (not retried)");
        assertThat(telegram.requests()).extracting(Request::chatId).containsExactly("-7", "42");
    }

    @Test
    void keepsRetryingWhileTelegramCannotBeReachedUntilTheJobStops() {
        String unreachable = telegram.url();
        telegram.close();
        TelegramSender.Sleeper stopAfterFourWaits =
                wait -> {
                    waits.add(wait);
                    if (waits.size() == 4) {
                        throw new InterruptedException("the job is stopping");
                    }
                };

        try (TelegramSender sender =
                new TelegramSender(settings(unreachable, "42,43"), stopAfterFourWaits)) {
            TelegramSender.Outcome outcome = sender.send(MESSAGE);

            assertThat(outcome.isInterrupted()).isTrue();
        }
        assertThat(waits).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L);
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void aReasonNeverCarriesTheToken() {
        telegram.enqueue(Reply.error(400, "Bad Request: unexpected /bot" + TOKEN + "/sendMessage"));

        String failure = send("42").failure();

        assertThat(failure).contains("/bot<token>/sendMessage").doesNotContain(SECRET);
    }

    @Test
    void theTokenIsCheckedAtTheStartWithoutSendingAnything() {
        try (TelegramSender sender = new TelegramSender(settings(telegram.url(), "42"))) {
            assertThat(sender.checkToken()).contains("shop_pulse_bot");
        }
        TelegramSender.checkAtStart(TestAlerts.telegramOff());

        assertThat(telegram.requests()).isEmpty();
    }

    @Test
    void aTokenTelegramRefusesStopsTheStartAndSaysWhatToFix() {
        telegram.revoke(TOKEN);

        assertThatThrownBy(() -> TelegramSender.checkAtStart(settings(telegram.url(), "42")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Telegram refused the bot token (401")
                .hasMessageEndingWith("set TELEGRAM_BOT_TOKEN to the token @BotFather gave the bot")
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void aTelegramThatCannotBeReachedLetsTheStartGoOn() {
        String unreachable = telegram.url();
        telegram.close();

        try (TelegramSender sender = new TelegramSender(settings(unreachable, "42"))) {
            assertThat(sender.checkToken()).isEmpty();
        }
        TelegramSender.checkAtStart(settings(unreachable, "42"));
    }

    @Test
    void needsAToken() {
        assertThatThrownBy(() -> new TelegramSender(TestAlerts.telegramOff()))
                .hasMessageContaining("Telegram is off");
    }

    private TelegramSender.Outcome send(String chatIds) {
        try (TelegramSender sender =
                new TelegramSender(settings(telegram.url(), chatIds), waits::add)) {
            return sender.send(MESSAGE);
        }
    }
}
