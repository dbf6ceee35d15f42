package com.shoppulse.alerts.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.alerts.telegram.FakeTelegramServer.Reply;
import com.shoppulse.alerts.telegram.FakeTelegramServer.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeTelegramServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void recordsAFormPostAndAnswersLikeTelegram() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            HttpResponse<String> answer =
                    http.send(
                            post(
                                    telegram,
                                    "1:abc",
                                    "chat_id=42&text=%3Cb%3E%D0%9E%D0%BA%3C%2Fb%3E&parse_mode=HTML"),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body())
                    .startsWith("{\"ok\":true,\"result\":{\"message_id\":1,")
                    .contains("\"text\":\"<b>Ок</b>\"");
            assertThat(telegram.awaitRequests(1, Duration.ofSeconds(1)))
                    .containsExactly(new Request("1:abc", "42", "<b>Ок</b>", "HTML"));
        }
    }

    @Test
    void answersAsScriptedThenOk() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            telegram.enqueue(Reply.tooManyRequests(7));

            HttpResponse<String> limited =
                    http.send(
                            post(telegram, "1:abc", "chat_id=1&text=a"),
                            HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ok =
                    http.send(
                            post(telegram, "1:abc", "chat_id=1&text=b"),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body())
                    .isEqualTo(
                            "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests:"
                                    + " retry after 7\",\"parameters\":{\"retry_after\":7}}");
            assertThat(ok.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aHangingRequestEndsWhenTheServerCloses() throws Exception {
        FakeTelegramServer telegram = FakeTelegramServer.start();
        telegram.enqueue(Reply.hang());
        CompletableFuture<HttpResponse<String>> answer =
                http.sendAsync(
                        post(telegram, "1:abc", "chat_id=1&text=a"),
                        HttpResponse.BodyHandlers.ofString());
        telegram.awaitRequests(1, Duration.ofSeconds(1));
        assertThat(answer).isNotDone();

        telegram.close();

        assertThat(answer).failsWithin(Duration.ofSeconds(2));
    }

    @Test
    void awaitingRequestsThatNeverComeFailsTheTest() throws Exception {
        try (FakeTelegramServer telegram = FakeTelegramServer.start()) {
            assertThatThrownBy(() -> telegram.awaitRequests(1, Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected 1 requests to Telegram, got []");
        }
    }

    private static HttpRequest post(FakeTelegramServer telegram, String token, String form) {
        return HttpRequest.newBuilder(URI.create(telegram.url() + "/bot" + token + "/sendMessage"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }
}
