package com.shoppulse.submit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A Flink REST API on 127.0.0.1 that answers what a test set and records what it was asked. */
final class FakeFlink implements AutoCloseable {
    record Request(String method, String path, String body) {}

    record Answer(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Supplier<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    FakeFlink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String key =
                            exchange.getRequestMethod() + " " + exchange.getRequestURI().toString();
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.ISO_8859_1);
                    synchronized (requests) {
                        requests.add(
                                new Request(
                                        exchange.getRequestMethod(),
                                        exchange.getRequestURI().toString(),
                                        body));
                    }
                    Answer answer =
                            answers.getOrDefault(
                                            key,
                                            () ->
                                                    new Answer(
                                                            404,
                                                            "{\"errors\":[\"Not found: "
                                                                    + key
                                                                    + "\"]}"))
                                    .get();
                    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(
                            answer.status(), bytes.length == 0 ? -1 : bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        server.start();
    }

    /** Answers {@code method path} (the path with its query) with HTTP 200 and this body. */
    FakeFlink answer(String methodAndPath, String body) {
        return answer(methodAndPath, () -> new Answer(200, body));
    }

    FakeFlink answer(String methodAndPath, Supplier<Answer> answer) {
        answers.put(methodAndPath, answer);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    Request only(String method, String path) {
        List<Request> matching =
                requests().stream()
                        .filter(r -> r.method().equals(method) && r.path().equals(path))
                        .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + ", got " + requests());
        }
        return matching.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
