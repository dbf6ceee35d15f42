package com.shoppulse.alerts.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * Sends one HTML message to every configured chat. What can succeed later (flood limits, server
 * errors, timeouts, no connection) is retried until it does; what cannot is given up at once: an
 * answer 4xx other than 429 (a bad request, a wrong token, a chat the bot is not in) or a message
 * Telegram would refuse. Delivery problems come back as an {@link Outcome}, never as an exception:
 * an alert that did not reach Telegram must still reach alert_log.
 */
public final class TelegramSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramSender.class);
    private static final int UNAUTHORIZED = 401;
    private static final int NOT_FOUND = 404;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int CLIENT_ERRORS = 400;
    private static final int SERVER_ERRORS = 500;

    private static final String INTERRUPTED = "interrupted";

    /** Keeps alert_log's error column readable when a server answers with a whole HTML page. */
    private static final int MAX_REASON_LENGTH = 300;

    /** Waits between attempts; tests record the waits, and sleep less or not at all. */
    @FunctionalInterface
    public interface Sleeper extends Serializable {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Sleeps for real. */
    public static final Sleeper REAL_TIME = duration -> Thread.sleep(duration.toMillis());

    /** What became of one message: sent to every chat, or not, and why. */
    public static final class Outcome {
        private final String failure;

        private Outcome(String failure) {
            this.failure = failure;
        }

        static Outcome sent() {
            return new Outcome(null);
        }

        static Outcome failed(String reason) {
            return new Outcome(reason);
        }

        public boolean isSent() {
            return failure == null;
        }

        /** The sending thread was interrupted: the job is stopping, the message is not settled. */
        public boolean isInterrupted() {
            return INTERRUPTED.equals(failure);
        }

        /** Why at least one chat did not get the message; null when it was sent. */
        public String failure() {
            return failure;
        }
    }

    /** An answer to sendMessage as the Bot API gives it, for {@link #prepareToSend}. */
    private static final String SAMPLE_ANSWER =
            "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":1764547200,"
                    + "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"ready\","
                    + "\"entities\":[{\"type\":\"bold\",\"offset\":0,\"length\":5}]}}";

    private final TelegramSettings settings;
    private final Sleeper sleeper;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpTelegramClient client;

    public TelegramSender(TelegramSettings settings) {
        this(settings, REAL_TIME);
    }

    public TelegramSender(TelegramSettings settings, Sleeper sleeper) {
        if (!settings.isEnabled()) {
            throw new IllegalArgumentException("Telegram is off: no bot token to send with");
        }
        this.settings = settings;
        this.sleeper = sleeper;
        Duration timeout = settings.retry().requestTimeout();
        this.http =
                new OkHttpClient.Builder()
                        .callTimeout(timeout)
                        .connectTimeout(timeout)
                        .readTimeout(timeout)
                        .writeTimeout(timeout)
                        .build();
        this.client =
                new OkHttpTelegramClient(
                        json, http, settings.botToken(), telegramUrl(settings.apiUrl()));
    }

    /** The chats this sender sends to. */
    public List<String> chatIds() {
        return settings.chatIds();
    }

    /**
     * Checks the token at a program's start, when Telegram is on: a token Telegram refuses stops
     * the start with a message saying what to fix, instead of surfacing at the first alert, maybe
     * days later. Telegram that cannot be reached lets the start go on: it may be back before the
     * first message, and messages are retried until it is.
     *
     * @throws IllegalArgumentException when Telegram refuses the token
     */
    public static void checkAtStart(TelegramSettings settings) {
        if (settings.isEnabled()) {
            try (TelegramSender sender = new TelegramSender(settings)) {
                sender.checkToken();
            }
        }
    }

    /**
     * Asks the Bot API once who the bot is ({@code getMe}), which proves the token without sending
     * anyone a message.
     *
     * @return the bot's username; empty when Telegram could not be asked, which is logged
     * @throws IllegalArgumentException when Telegram refuses the token (HTTP 401 or 404)
     */
    public Optional<String> checkToken() {
        try {
            String name = client.execute(new GetMe()).getUserName();
            LOG.info("Telegram knows the token: bot @{}, {} chats", name, chatIds().size());
            return Optional.of(name);
        } catch (TelegramApiRequestException e) {
            Integer code = e.getErrorCode();
            if (code != null && (code == UNAUTHORIZED || code == NOT_FOUND)) {
                throw new IllegalArgumentException(
                        "Telegram refused the bot token ("
                                + scrub(code + " " + e.getApiResponse())
                                + "): set "
                                + TelegramSettings.TOKEN_VARIABLE
                                + " to the token @BotFather gave the bot");
            }
            LOG.warn("Could not check the Telegram token: {}", scrub(String.valueOf(e)));
        } catch (TelegramApiException e) {
            LOG.warn(
                    "Could not check the Telegram token, Telegram is not reachable: {}",
                    scrub(String.valueOf(e.getCause() != null ? e.getCause() : e)));
        }
        return Optional.empty();
    }

    /**
     * Readies what a message needs without sending one: the writer of its request and the reader of
     * Telegram's answer, a message object of some hundred classes. Cold, the two took hundreds of
     * milliseconds, which the first alert after every start paid on top of its latency.
     *
     * @return whether both are ready; if not (logged), the first message readies them itself
     */
    public boolean prepareToSend() {
        SendMessage sample = message("0", "<b>ready</b>");
        try {
            json.writeValueAsString(sample);
            return sample.deserializeResponse(SAMPLE_ANSWER).getMessageId() == 1;
        } catch (JsonProcessingException | TelegramApiRequestException e) {
            LOG.warn("Could not ready the Telegram client; the first message pays for it: {}", e);
            return false;
        }
    }

    /** Sends {@code html} to every chat in turn; a chat that fails does not stop the others. */
    public Outcome send(String html) {
        return toEveryChat(chatId -> client -> client.execute(message(chatId, html)));
    }

    /** Sends {@code file} as a document with {@code caption} to every chat in turn. */
    public Outcome sendDocument(Path file, String caption) {
        return toEveryChat(chatId -> documentCall(chatId, file, caption));
    }

    /** Sends {@code file} as a document to one chat, e.g. the one that asked for it. */
    public Outcome sendDocument(String chatId, Path file, String caption) {
        String failure = attempt(chatId, documentCall(chatId, file, caption));
        return failure == null ? Outcome.sent() : Outcome.failed("chat " + chatId + ": " + failure);
    }

    /** One request to the Bot API, repeated as the retry policy says. */
    @FunctionalInterface
    private interface Call {
        void execute(OkHttpTelegramClient client) throws TelegramApiException;
    }

    private static Call documentCall(String chatId, Path file, String caption) {
        SendDocument document =
                SendDocument.builder()
                        .chatId(chatId)
                        .document(new InputFile(file.toFile(), file.getFileName().toString()))
                        .caption(caption)
                        .build();
        return client -> client.execute(document);
    }

    private Outcome toEveryChat(Function<String, Call> callFor) {
        List<String> failures = new ArrayList<>();
        for (String chatId : settings.chatIds()) {
            String failure = attempt(chatId, callFor.apply(chatId));
            if (INTERRUPTED.equals(failure)) {
                return Outcome.failed(INTERRUPTED);
            }
            if (failure != null) {
                failures.add("chat " + chatId + ": " + failure);
            }
        }
        return failures.isEmpty() ? Outcome.sent() : Outcome.failed(String.join("; ", failures));
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdownNow();
        http.connectionPool().evictAll();
    }

    private static SendMessage message(String chatId, String html) {
        return SendMessage.builder()
                .chatId(chatId)
                .text(html)
                .parseMode("HTML")
                // A preview card of the dashboard link would be bigger than the alerts.
                .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
                .build();
    }

    /** Null when sent, else why not. */
    private String attempt(String chatId, Call call) {
        RetryPolicy retry = settings.retry();
        for (int attempt = 1; ; attempt++) {
            Failure failure;
            try {
                call.execute(client);
                return null;
            } catch (TelegramApiException e) {
                if (e.getCause() instanceof InterruptedException || Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return INTERRUPTED;
                }
                failure = Failure.of(e, retry, attempt);
            }
            if (failure.wait == null) {
                return scrub(failure.reason + " (not retried)");
            }
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn(
                        "Telegram did not take a request for chat {} (attempt {}): {}; next try in"
                                + " {}",
                        chatId,
                        attempt,
                        scrub(failure.reason),
                        failure.wait);
            }
            try {
                sleeper.sleep(failure.wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return INTERRUPTED;
            }
        }
    }

    /** Error texts can quote the request URL, and the URL holds the token. */
    private String scrub(String reason) {
        String clean = reason.replace(settings.botToken(), "<token>");
        return clean.length() <= MAX_REASON_LENGTH
                ? clean
                : clean.substring(0, MAX_REASON_LENGTH) + "…";
    }

    /** The client library's form of the Bot API's address. */
    public static TelegramUrl telegramUrl(URI api) {
        int port = api.getPort() != -1 ? api.getPort() : "https".equals(api.getScheme()) ? 443 : 80;
        return new TelegramUrl(api.getScheme(), api.getHost(), port, false);
    }

    /** One failed attempt: why, and how long to wait before the next one (null: do not retry). */
    private static final class Failure {
        final String reason;
        final Duration wait;

        private Failure(String reason, Duration wait) {
            this.reason = reason;
            this.wait = wait;
        }

        static Failure of(TelegramApiException thrown, RetryPolicy retry, int attempt) {
            Duration backoff = retry.backoff(attempt);
            // The client wraps what it throws before sending (a refused message) once more.
            TelegramApiException e =
                    thrown.getCause() instanceof TelegramApiException
                            ? (TelegramApiException) thrown.getCause()
                            : thrown;
            if (e instanceof TelegramApiValidationException) {
                return new Failure("invalid message: " + e.getMessage(), null);
            }
            if (e instanceof TelegramApiRequestException) {
                return answered((TelegramApiRequestException) e, retry, backoff);
            }
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedIOException) {
                // OkHttp's call timeout and socket timeouts both land here.
                return new Failure("timeout", backoff);
            }
            if (cause != null) {
                return new Failure(
                        cause.getClass().getSimpleName() + ": " + cause.getMessage(), backoff);
            }
            return new Failure(String.valueOf(e.getMessage()), backoff);
        }

        private static Failure answered(
                TelegramApiRequestException answer, RetryPolicy retry, Duration backoff) {
            Integer code = answer.getErrorCode();
            if (code == null || code == 0) {
                // Not a Bot API answer at all, e.g. a proxy's error page: a transient fault.
                return new Failure("unreadable answer from the Bot API", backoff);
            }
            String reason = "Telegram error " + code + ": " + answer.getApiResponse();
            if (code == TOO_MANY_REQUESTS) {
                ResponseParameters parameters = answer.getParameters();
                Integer retryAfter = parameters == null ? null : parameters.getRetryAfter();
                return new Failure(
                        reason, retryAfter == null ? backoff : retry.retryAfter(retryAfter));
            }
            boolean permanent = code >= CLIENT_ERRORS && code < SERVER_ERRORS;
            return new Failure(reason, permanent ? null : backoff);
        }
    }
}
