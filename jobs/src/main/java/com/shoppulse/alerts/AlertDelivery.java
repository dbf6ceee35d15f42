package com.shoppulse.alerts;

/**
 * An alert with the message that carried it and what became of that message: a row of alert_log.
 */
public class AlertDelivery {
    /** The message went to every configured chat. */
    public static final String SENT = "sent";

    /** At least one chat could not be reached after all retries; {@link #error} says why. */
    public static final String FAILED = "failed";

    /** No bot token is configured: the alert went only to the log, ClickHouse and Kafka. */
    public static final String TELEGRAM_OFF = "telegram_off";

    public Alert alert;
    public String messageText;
    public String deliveryStatus;
    public String error;
    public long deliveredAtMillis;

    public AlertDelivery() {}
}
