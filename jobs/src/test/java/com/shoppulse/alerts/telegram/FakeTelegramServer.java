package com.shoppulse.alerts.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1, since tests cannot reach Telegram. It answers
 * {@code POST /bot<token>/sendMessage} (JSON or form body) and {@code sendDocument} (multipart),
 * records every request, and answers each one as scripted with {@link #enqueue}; with nothing
 * scripted it answers ok. For a bot, it hands out the updates given to {@link #sendUpdate} through
 * {@code getUpdates} (long polling, honouring {@code offset}) and takes {@code answerCallbackQuery}
 * and {@code deleteWebhook} (which a long-polling bot calls at its start). {@code getMe} names a
 * bot; a token given to {@link #revoke} is refused on every method, with 401 as Telegram does.
 *
 * <pre>
 * try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
 *     telegram.enqueue(Reply.tooManyRequests(3), Reply.ok());
 *     ... point the job at telegram.url() ...
 *     telegram.awaitRequests(2, Duration.ofSeconds(5));
 * }
 * </pre>
 */
public final class FakeTelegramServer implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/bot([^/]+)/([^/]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern FIELD_NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** One recorded call of sendMessage; {@code replyMarkup} as JSON text, or null. */
    public record Request(
            String token, String chatId, String text, String parseMode, String replyMarkup) {
        public Request(String token, String chatId, String text, String parseMode) {
            this(token, chatId, text, parseMode, null);
        }
    }

    /** One recorded call of sendDocument: the file as uploaded. */
    public record Document(
            String token, String chatId, String fileName, String caption, byte[] content) {}

    /** How the server answers one request. */
    public static final class Reply {
        private final int status;
        private final String body;
        private final boolean hang;

        private Reply(int status, String body, boolean hang) {
            this.status = status;
            this.body = body;
            this.hang = hang;
        }

        /** {@code {"ok":true,"result":<the message>}}, as Telegram confirms a sent message. */
        public static Reply ok() {
            return new Reply(200, null, false);
        }

        /** Telegram's flood limit: 429 with {@code parameters.retry_after}. */
        public static Reply tooManyRequests(int retryAfterSeconds) {
            ObjectNode answer =
                    errorJson(429, "Too Many Requests: retry after " + retryAfterSeconds);
            answer.putObject("parameters").put("retry_after", retryAfterSeconds);
            return new Reply(429, answer.toString(), false);
        }

        /** A Bot API error, e.g. 400 "Bad Request: chat not found" or 500. */
        public static Reply error(int code, String description) {
            return new Reply(code, errorJson(code, description).toString(), false);
        }

        /** Any status and body, e.g. a proxy's HTML error page. */
        public static Reply raw(int status, String body) {
            return new Reply(status, body, false);
        }

        /** Never answers, until the server is closed. */
        public static Reply hang() {
            return new Reply(0, null, true);
        }

        private static ObjectNode errorJson(int code, String description) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ok", false).put("error_code", code).put("description", description);
            return answer;
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Queue<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Document> documents = new ArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final Set<String> revokedTokens = new HashSet<>();

    private FakeTelegramServer(HttpServer server) {
        this.server = server;
    }

    public static FakeTelegramServer start() throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        FakeTelegramServer fake = new FakeTelegramServer(server);
        server.createContext("/", fake::handle);
        server.setExecutor(fake.handlers);
        server.start();
        return fake;
    }

    /** The API base to configure, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * From now on, every request with {@code token} is refused as unauthorized, as Telegram does.
     */
    public synchronized void revoke(String token) {
        revokedTokens.add(token);
    }

    private synchronized boolean isRevoked(String token) {
        return revokedTokens.contains(token);
    }

    /** Answers for the next requests, in order; after them, requests are answered ok. */
    public synchronized void enqueue(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Every sendMessage received so far, in arrival order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Queues an update for the bot, as Telegram would on a user's action, e.g. {@code
     * {"message":{...}}}; its {@code update_id} is set here. Returns that id.
     */
    public synchronized int sendUpdate(ObjectNode update) {
        int id = updates.size() + 1;
        updates.add(update.deepCopy().put("update_id", id));
        notifyAll();
        return id;
    }

    /** A text message from a user in a private chat, as an update. */
    public static ObjectNode message(long chatId, String text) {
        ObjectNode update = JSON.createObjectNode();
        ObjectNode message = update.putObject("message");
        message.put("message_id", 1)
                .put("date", System.currentTimeMillis() / 1000)
                .put("text", text);
        message.putObject("chat").put("id", chatId).put("type", "private");
        message.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "User");
        if (text.startsWith("/")) {
            int end = text.indexOf(' ') < 0 ? text.length() : text.indexOf(' ');
            message.putArray("entities")
                    .addObject()
                    .put("type", "bot_command")
                    .put("offset", 0)
                    .put("length", end);
        }
        return update;
    }

    /** A press on an inline keyboard button carrying {@code data}, in a private chat. */
    public static ObjectNode buttonPress(long chatId, String data) {
        ObjectNode update = JSON.createObjectNode();
        ObjectNode query = update.putObject("callback_query");
        query.put("id", "q" + System.nanoTime()).put("chat_instance", "c").put("data", data);
        query.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "User");
        ObjectNode message = query.putObject("message");
        message.put("message_id", 1).put("date", System.currentTimeMillis() / 1000);
        message.putObject("chat").put("id", chatId).put("type", "private");
        return update;
    }

    /** Every sendDocument received so far, in arrival order. */
    public synchronized List<Document> documents() {
        return List.copyOf(documents);
    }

    /** Waits until at least {@code count} requests arrived; fails the test if they do not. */
    public synchronized List<Request> awaitRequests(int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "expected " + count + " requests to Telegram, got " + requests);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(requests);
    }

    /** Stops the server; hanging requests end without an answer. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                answer(exchange, 404, Reply.error(404, "Not Found").body);
                return;
            }
            if (isRevoked(path.group(1))) {
                answer(exchange, 401, Reply.error(401, "Unauthorized").body);
                return;
            }
            if (path.group(2).equalsIgnoreCase("getMe")) {
                answer(
                        exchange,
                        200,
                        "{\"ok\":true,\"result\":{\"id\":123456789,\"is_bot\":true,"
                                + "\"first_name\":\"shop-pulse\",\"username\":\"shop_pulse_bot\"}}");
                return;
            }
            if (path.group(2).equalsIgnoreCase("getUpdates")) {
                answer(exchange, 200, updatesAfter(fields(exchange)));
                return;
            }
            if (path.group(2).equalsIgnoreCase("answerCallbackQuery")
                    || path.group(2).equalsIgnoreCase("deleteWebhook")) {
                answer(exchange, 200, "{\"ok\":true,\"result\":true}");
                return;
            }
            if (path.group(2).equalsIgnoreCase("sendDocument")) {
                receiveDocument(exchange, path.group(1));
                return;
            }
            if (!path.group(2).equalsIgnoreCase("sendMessage")) {
                answer(exchange, 404, Reply.error(404, "Not Found").body);
                return;
            }
            Map<String, String> fields = fields(exchange);
            Request request =
                    new Request(
                            path.group(1),
                            fields.get("chat_id"),
                            fields.get("text"),
                            fields.get("parse_mode"),
                            fields.get("reply_markup"));
            Reply reply = record(request);
            if (reply.hang) {
                closed.await();
                return;
            }
            answer(exchange, reply.status, reply.body != null ? reply.body : sent(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receiveDocument(HttpExchange exchange, String token) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Matcher boundary = BOUNDARY.matcher(type == null ? "" : type);
        if (!boundary.find()) {
            answer(exchange, 400, Reply.error(400, "Bad Request: not multipart").body);
            return;
        }
        // ISO-8859-1 maps each byte to one char and back, so the file's bytes survive the split.
        String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new HashMap<>();
        Map<String, String> fileNames = new HashMap<>();
        for (String part : body.split(Pattern.quote("--" + boundary.group(1)))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            String content =
                    part.substring(headerEnd + 4, Math.max(headerEnd + 4, part.length() - 2));
            Matcher name = FIELD_NAME.matcher(headers);
            Matcher file = FILE_NAME.matcher(headers);
            if (!name.find()) {
                continue;
            }
            if (file.find()) {
                fileNames.put(name.group(1), file.group(1));
            }
            fields.put(name.group(1), content);
        }
        // The file may come in a part of its own, which the field names as attach://<part>.
        String documentPart = fields.getOrDefault("document", "");
        if (documentPart.startsWith("attach://")) {
            documentPart = documentPart.substring("attach://".length());
        } else {
            documentPart = "document";
        }
        String fileName = fileNames.get(documentPart);
        String chatId = fields.get("chat_id");
        byte[] content =
                fields.getOrDefault(documentPart, "").getBytes(StandardCharsets.ISO_8859_1);
        String caption =
                fields.containsKey("caption")
                        ? new String(
                                fields.get("caption").getBytes(StandardCharsets.ISO_8859_1),
                                StandardCharsets.UTF_8)
                        : null;
        Reply reply;
        synchronized (this) {
            documents.add(new Document(token, chatId, fileName, caption, content));
            notifyAll();
            reply = script.poll();
        }
        if (reply != null && reply.body != null) {
            answer(exchange, reply.status, reply.body);
            return;
        }
        answer(exchange, 200, sent(new Request(token, chatId, caption, null)));
    }

    /** The updates from {@code offset} on; if none, waits for one up to a second (long poll). */
    private synchronized String updatesAfter(Map<String, String> fields)
            throws InterruptedException {
        int offset = Integer.parseInt(fields.getOrDefault("offset", "0"));
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (updates.size() <= Math.max(offset - 1, 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed.getCount() == 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        var result = answer.putArray("result");
        for (int i = Math.max(offset - 1, 0); i < updates.size(); i++) {
            result.add(updates.get(i));
        }
        return answer.toString();
    }

    private synchronized Reply record(Request request) {
        requests.add(request);
        notifyAll();
        Reply next = script.poll();
        return next != null ? next : Reply.ok();
    }

    private synchronized String sent(Request request) {
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        ObjectNode message =
                answer.putObject("result")
                        .put("message_id", requests.size())
                        .put("date", System.currentTimeMillis() / 1000)
                        .put("text", request.text());
        ObjectNode chat = message.putObject("chat");
        if (request.chatId() != null && request.chatId().startsWith("@")) {
            chat.put("id", -1_000_000_000_000L - requests.size())
                    .put("type", "channel")
                    .put("username", request.chatId().substring(1));
        } else {
            chat.put("id", request.chatId()).put("type", "private");
        }
        return answer.toString();
    }

    private static Map<String, String> fields(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> fields = new HashMap<>();
        if (type != null && type.startsWith("application/json")) {
            JsonNode json = JSON.readTree(body);
            json.properties()
                    .forEach(
                            f ->
                                    fields.put(
                                            f.getKey(),
                                            f.getValue().isValueNode()
                                                    ? f.getValue().asText()
                                                    : f.getValue().toString()));
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
