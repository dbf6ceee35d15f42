package com.shoppulse.alerts.telegram;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDelivery;
import com.shoppulse.alerts.AlertDigest;
import com.shoppulse.alerts.AlertsJobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each digest as one Telegram message and reports, per alert, what became of it: the rows of
 * alert_log. Sending runs on a thread of its own, so retries and Telegram's flood waits never block
 * Flink's task thread; one thread keeps the messages in a chat in the order the windows closed.
 */
public class DeliverDigests extends RichAsyncFunction<AlertDigest, AlertDelivery> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeliverDigests.class);

    private final TelegramSettings settings;

    private transient DigestFormatter formatter;
    private transient TelegramSender sender;
    private transient ExecutorService executor;

    /** Sends not yet finished, so that a timed-out digest stops being tried. */
    private transient Map<AlertDigest, Future<?>> pending;

    public DeliverDigests(TelegramSettings settings) {
        this.settings = settings;
    }

    /** The alerting job's delivery: its options, and the secrets from the process environment. */
    public static DeliverDigests of(AlertsJobConfig config) {
        return of(config, System.getenv());
    }

    /** As {@link #of(AlertsJobConfig)}, with the environment given. */
    static DeliverDigests of(AlertsJobConfig config, Map<String, String> environment) {
        return new DeliverDigests(
                TelegramSettings.from(
                        environment,
                        Optional.ofNullable(config.telegramConfigFile).map(Path::of),
                        config.telegramApiUrl,
                        config.dashboardUrl,
                        config.timeZone));
    }

    @Override
    public void open(OpenContext openContext) {
        formatter = new DigestFormatter(settings.zone(), settings.dashboardUrl());
        if (!settings.isEnabled()) {
            LOG.info(
                    "Telegram is off: {} is not set, so alerts go only to the log and alert_log",
                    TelegramSettings.TOKEN_VARIABLE);
            return;
        }
        LOG.info("Telegram alerts go out with {}", settings);
        sender = new TelegramSender(settings);
        pending = Collections.synchronizedMap(new IdentityHashMap<>());
        executor =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread thread = new Thread(task, "telegram-sender");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    @Override
    public void asyncInvoke(AlertDigest digest, ResultFuture<AlertDelivery> result) {
        if (digest.alerts == null || digest.alerts.length == 0) {
            result.complete(List.of());
            return;
        }
        String text = formatter.format(digest);
        if (sender == null) {
            LOG.info("Alert digest (Telegram is off):\n{}", text);
            result.complete(deliveries(digest, text, AlertDelivery.TELEGRAM_OFF, null));
            return;
        }
        FutureTask<Void> sending =
                new FutureTask<>(
                        () -> {
                            TelegramSender.Outcome outcome = send(text);
                            pending.remove(digest);
                            result.complete(
                                    outcome.isSent()
                                            ? deliveries(digest, text, AlertDelivery.SENT, null)
                                            : deliveries(
                                                    digest,
                                                    text,
                                                    AlertDelivery.FAILED,
                                                    outcome.failure()));
                        },
                        null);
        pending.put(digest, sending);
        executor.execute(sending);
    }

    /**
     * A digest still unsent at Flink's timeout is recorded as failed rather than failing the job,
     * and its send is cancelled: a message arriving after alert_log says it failed would mislead.
     * Completing comes first, so the cancelled send's own "interrupted" completion is the one Flink
     * ignores.
     */
    @Override
    public void timeout(AlertDigest digest, ResultFuture<AlertDelivery> result) {
        LOG.warn("Alert digest for the window at {} timed out", digest.windowStartMillis);
        result.complete(
                deliveries(digest, formatter.format(digest), AlertDelivery.FAILED, "timeout"));
        Future<?> sending = pending == null ? null : pending.remove(digest);
        if (sending != null) {
            sending.cancel(true);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (sender != null) {
            sender.close();
        }
    }

    /** The sender never throws for delivery problems; anything else is a bug, yet keeps its row. */
    private TelegramSender.Outcome send(String text) {
        try {
            TelegramSender.Outcome outcome = sender.send(text);
            if (!outcome.isSent()) {
                LOG.warn("Alert digest not delivered: {}", outcome.failure());
            }
            return outcome;
        } catch (RuntimeException e) {
            LOG.warn("Sending an alert digest broke", e);
            return TelegramSender.Outcome.failed(e.toString());
        }
    }

    private static List<AlertDelivery> deliveries(
            AlertDigest digest, String text, String status, String error) {
        long now = System.currentTimeMillis();
        List<AlertDelivery> deliveries = new ArrayList<>(digest.alerts.length);
        for (Alert alert : digest.alerts) {
            AlertDelivery delivery = new AlertDelivery();
            delivery.alert = alert;
            delivery.messageText = text;
            delivery.deliveryStatus = status;
            delivery.error = error;
            delivery.deliveredAtMillis = now;
            deliveries.add(delivery);
        }
        return deliveries;
    }
}
