package com.shoppulse.alerts.telegram;

import static com.shoppulse.alerts.telegram.TestAlerts.TOKEN;
import static com.shoppulse.alerts.telegram.TestAlerts.digest;
import static com.shoppulse.alerts.telegram.TestAlerts.firing;
import static com.shoppulse.alerts.telegram.TestAlerts.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDelivery;
import com.shoppulse.alerts.AlertDigest;
import com.shoppulse.alerts.AlertsJobConfig;
import com.shoppulse.alerts.telegram.FakeTelegramServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliverDigestsTest {
    /** As in the alerting job: a digest waits for as long as Telegram makes it. */
    private static final long NO_TIMEOUT = 0;

    @AutoClose private final FakeTelegramServer telegram;

    DeliverDigestsTest() throws IOException {
        telegram = FakeTelegramServer.start();
    }

    @Test
    void reportsEveryAlertOfADeliveredDigestAsSent() throws Exception {
        Alert orders = firing("orders-low", "orders", 57, 100);
        Alert revenue = firing("revenue-low", "revenue", 1234.5, 2000);

        List<AlertDelivery> deliveries =
                deliver(
                        new DeliverDigests(settings(telegram.url(), "42")),
                        digest(orders, revenue));

        assertThat(deliveries)
                .extracting(d -> d.alert.ruleId)
                .containsExactly("orders-low", "revenue-low");
        assertThat(deliveries)
                .allSatisfy(
                        d -> {
                            assertThat(d.deliveryStatus).isEqualTo(AlertDelivery.SENT);
                            assertThat(d.error).isNull();
                            assertThat(d.deliveredAtMillis).isPositive();
                        });
        String text = telegram.requests().get(0).text();
        assertThat(text).contains("<code>orders-low</code>", "<code>revenue-low</code>");
        assertThat(deliveries).extracting(d -> d.messageText).containsOnly(text);
        assertThat(telegram.requests()).hasSize(1);
    }

    @Test
    void reportsAnUndeliveredDigestAsFailedWithTheReason() throws Exception {
        telegram.enqueue(Reply.error(400, "Bad Request: chat not found"));

        List<AlertDelivery> deliveries =
                deliver(
                        new DeliverDigests(settings(telegram.url(), "42")),
                        digest(firing("orders-low", "orders", 57, 100)));

        assertThat(deliveries)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.deliveryStatus).isEqualTo(AlertDelivery.FAILED);
                            assertThat(d.error)
                                    .isEqualTo(
                                            "chat 42: Telegram error 400: Bad Request: chat not"
                                                    + " found (not retried)");
                            assertThat(d.messageText).contains("<code>orders-low</code>");
                        });
    }

    @Test
    void withoutATokenOnlyRecordsTheMessage() throws Exception {
        List<AlertDelivery> deliveries =
                deliver(
                        new DeliverDigests(TestAlerts.telegramOff()),
                        digest(firing("orders-low", "orders", 57, 100)));

        assertThat(deliveries)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.deliveryStatus).isEqualTo(AlertDelivery.TELEGRAM_OFF);
                            assertThat(d.error).isNull();
                            assertThat(d.messageText).contains("<code>orders-low</code>");
                        });
        assertThat(telegram.requests()).isEmpty();
    }

    @Test
    void aLongFloodLimitEndsInDeliveryAndTheNextDigestWaitsItsTurn() throws Exception {
        telegram.enqueue(Reply.tooManyRequests(3_600), Reply.ok(), Reply.ok());
        List<Duration> waits = new CopyOnWriteArrayList<>();
        // A scaled clock: Telegram's hour passes in a second.
        TelegramSender.Sleeper hourInASecond =
                wait -> {
                    waits.add(wait);
                    Thread.sleep(wait.toMillis() / 3_600);
                };
        var harness = harness(new DeliverDigests(settings(telegram.url(), "42"), hourInASecond));
        harness.open();
        harness.processElement(digest(firing("orders-low", "orders", 57, 100)), 0);
        harness.processElement(digest(firing("revenue-low", "revenue", 1234.5, 2000)), 0);
        harness.endInput();
        List<AlertDelivery> deliveries = harness.extractOutputValues();
        harness.close();

        assertThat(waits).containsExactly(Duration.ofHours(1));
        assertThat(deliveries)
                .extracting(d -> d.alert.ruleId + " " + d.deliveryStatus)
                .containsExactly("orders-low sent", "revenue-low sent");
        assertThat(telegram.requests())
                .extracting(r -> r.text().contains("orders-low") ? "orders" : "revenue")
                .containsExactly("orders", "orders", "revenue");
    }

    @Test
    void aDigestInFlightAtARestartIsSentAfterIt() throws Exception {
        telegram.enqueue(Reply.tooManyRequests(3_600), Reply.ok());
        var before = harness(new DeliverDigests(settings(telegram.url(), "42")));
        before.open();
        before.processElement(digest(firing("orders-low", "orders", 57, 100)), 0);
        telegram.awaitRequests(1, Duration.ofSeconds(5));
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);
        before.close();
        assertThat(before.extractOutputValues()).as("nothing settled before the crash").isEmpty();

        var after = harness(new DeliverDigests(settings(telegram.url(), "42")));
        after.initializeState(checkpoint);
        after.open();
        after.endInput();
        List<AlertDelivery> deliveries = after.extractOutputValues();
        after.close();

        assertThat(deliveries)
                .singleElement()
                .satisfies(d -> assertThat(d.deliveryStatus).isEqualTo(AlertDelivery.SENT));
        assertThat(telegram.requests()).hasSize(2);
        assertThat(telegram.requests().get(1).text()).contains("<code>orders-low</code>");
    }

    @Test
    void anEmptyDigestSendsNothing() throws Exception {
        AlertDigest empty = digest(firing("orders-low", "orders", 57, 100));
        empty.alerts = new Alert[0];

        assertThat(deliver(new DeliverDigests(settings(telegram.url(), "42")), empty)).isEmpty();
        assertThat(telegram.requests()).isEmpty();
    }

    @Test
    void theAlertingJobReadsTheSecretsFromItsSettingsFile(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("telegram.properties"),
                        "bot_token=" + TOKEN + "\nchat_ids=-100777\n");
        AlertsJobConfig config =
                AlertsJobConfig.fromArgs(
                        "--telegram-config-file", file.toString(),
                        "--telegram-api-url", telegram.url());

        deliver(
                new DeliverDigests(config.telegramSettings(Map.of())),
                digest(firing("orders-low", "orders", 57, 100)));

        assertThat(telegram.requests())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.token()).isEqualTo(TOKEN);
                            assertThat(r.chatId()).isEqualTo("-100777");
                        });
    }

    private static List<AlertDelivery> deliver(DeliverDigests delivery, AlertDigest digest)
            throws Exception {
        var harness = harness(delivery);
        harness.open();
        harness.processElement(digest, 0);
        harness.endInput();
        List<AlertDelivery> deliveries = harness.extractOutputValues();
        harness.close();
        return deliveries;
    }

    private static OneInputStreamOperatorTestHarness<AlertDigest, AlertDelivery> harness(
            DeliverDigests delivery) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                delivery, NO_TIMEOUT, 10, AsyncDataStream.OutputMode.UNORDERED),
                        TypeInformation.of(AlertDigest.class)
                                .createSerializer(new SerializerConfigImpl()));
        return harness;
    }
}
