package com.shoppulse.alerts.telegram;

import com.shoppulse.alerts.Alert;
import com.shoppulse.alerts.AlertDelivery;
import com.shoppulse.alerts.AlertDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each digest as one Telegram message and reports, per alert, what became of it: the rows of
 * alert_log. Sending runs on a thread of its own, so retries and Telegram's flood waits never block
 * Flink's task thread; one thread keeps the messages in a chat in the order the windows closed, and
 * a digest waiting out a flood limit holds the later ones behind it.
 *
 * <p>A digest leaves Flink's async operator only once it is settled: sent, or refused for good.
 * Until then it is part of every checkpoint, so after a restart it is sent again. A message that
 * reached Telegram just before a crash can therefore arrive twice; none is lost.
 */
public class DeliverDigests extends RichAsyncFunction<AlertDigest, AlertDelivery> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeliverDigests.class);

    private final TelegramSettings settings;
    private final TelegramSender.Sleeper sleeper;

    private transient DigestFormatter formatter;
    private transient TelegramSender sender;
    private transient ExecutorService executor;

    public DeliverDigests(TelegramSettings settings) {
        this(settings, TelegramSender.REAL_TIME);
    }

    /**
     * As {@link #DeliverDigests(TelegramSettings)}, waiting between attempts with {@code sleeper}.
     */
    DeliverDigests(TelegramSettings settings, TelegramSender.Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
    }

    @Override
    public void open(OpenContext openContext) {
        formatter = new DigestFormatter(settings.zone(), settings.dashboardUrl());
        formatter.prepare();
        if (!settings.isEnabled()) {
            LOG.info(
                    "Telegram is off: {} is not set, so alerts go only to the log and alert_log",
                    TelegramSettings.TOKEN_VARIABLE);
            return;
        }
        LOG.info("Telegram alerts go out with {}", settings);
        sender = new TelegramSender(settings, sleeper);
        try {
            sender.checkToken();
        } catch (IllegalArgumentException e) {
            LOG.error("{}; alerts reach alert_log and the alerts topic only", e.getMessage());
        }
        sender.prepareToSend();
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
        executor.execute(
                () -> {
                    TelegramSender.Outcome outcome = send(text);
                    if (outcome.isInterrupted()) {
                        // The job is stopping; the digest is in the checkpoint, unsettled.
                        return;
                    }
                    result.complete(
                            outcome.isSent()
                                    ? deliveries(digest, text, AlertDelivery.SENT, null)
                                    : deliveries(
                                            digest, text, AlertDelivery.FAILED, outcome.failure()));
                });
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
