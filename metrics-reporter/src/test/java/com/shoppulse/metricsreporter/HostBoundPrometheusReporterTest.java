package com.shoppulse.metricsreporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostBoundPrometheusReporterTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void servesRegisteredMetricsOnLoopback() throws Exception {
        try (Reporter reporter = Reporter.start("127.0.0.1", "0")) {
            SimpleCounter orders = new SimpleCounter();
            orders.inc(3);
            reporter.get().notifyOfAddedMetric(orders, "ordersSeen", new ShopGroup());

            assertThat(scrape(reporter.port()))
                    .containsPattern("(?m)^flink_shop_ordersSeen\\{host=\"shop1\",?} 3\\.0$");
        }
    }

    @Test
    void listensOnNoOtherAddressOfThisMachine() throws Exception {
        List<InetAddress> others =
                NetworkInterface.networkInterfaces()
                        .flatMap(NetworkInterface::inetAddresses)
                        .filter(address -> !address.isLoopbackAddress())
                        .toList();
        assumeFalse(others.isEmpty(), "this machine has no address but loopback");

        try (Reporter reporter = Reporter.start("127.0.0.1", "0")) {
            assertThat(scrape(reporter.port())).isNotNull();
            for (InetAddress address : others) {
                assertThatThrownBy(() -> connect(address, reporter.port()))
                        .as("connect to %s port %d", address, reporter.port())
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void takesTheNextPortOfTheRangeWhenTheFirstIsTaken() throws Exception {
        try (ServerSocket taken = takeAPortWithAFreeNeighbour()) {
            int first = taken.getLocalPort();

            try (Reporter reporter = Reporter.start("127.0.0.1", first + "-" + (first + 1))) {
                assertThat(reporter.port()).isEqualTo(first + 1);
                assertThat(scrape(reporter.port())).isNotNull();
            }
        }
    }

    @Test
    void failsNamingThePortOptionWhenNoPortOfTheRangeIsFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            String range = String.valueOf(taken.getLocalPort());

            assertThatThrownBy(() -> Reporter.start("127.0.0.1", range))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'port'")
                    .hasMessageContaining(range);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-such-host.invalid", "198.51.100.7", "127.0.0.1:9249"})
    void refusesAHostThatIsNotAnAddressOfThisMachine(String host) {
        assertThatThrownBy(() -> Reporter.start(host, "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'host'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http", "9249-", "70000"})
    void refusesAPortThatIsNotAPortRange(String port) {
        assertThatThrownBy(() -> Reporter.start("127.0.0.1", port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'port'");
    }

    @Test
    void freesItsPortOnClose() throws Exception {
        int port;
        try (Reporter reporter = Reporter.start("127.0.0.1", "0")) {
            port = reporter.port();
        }
        new ServerSocket(port, 1, LOOPBACK).close();
    }

    @Test
    void flinkFindsTheFactoryByItsClassName() {
        assertThat(ServiceLoader.load(MetricReporterFactory.class).stream())
                .map(provider -> provider.type().getName())
                .contains(HostBoundPrometheusReporterFactory.class.getName());
    }

    /** A reporter made as Flink makes it: options in, through the factory. */
    private record Reporter(HostBoundPrometheusReporter get) implements AutoCloseable {
        static Reporter start(String host, String port) {
            Properties options = new Properties();
            options.setProperty(ListenAddress.HOST, host);
            options.setProperty(ListenAddress.PORT, port);
            MetricReporter reporter =
                    new HostBoundPrometheusReporterFactory().createMetricReporter(options);
            return new Reporter((HostBoundPrometheusReporter) reporter);
        }

        int port() {
            return get.port();
        }

        @Override
        public void close() {
            get.close();
        }
    }

    /** A metric group as Flink's reporters see one: a logical scope and a host variable. */
    private static final class ShopGroup extends UnregisteredMetricsGroup
            implements LogicalScopeProvider {
        @Override
        public Map<String, String> getAllVariables() {
            return Map.of("<host>", "shop1");
        }

        @Override
        public String getLogicalScope(CharacterFilter filter) {
            return getLogicalScope(filter, '.');
        }

        @Override
        public String getLogicalScope(CharacterFilter filter, char delimiter) {
            return filter.filterCharacters("shop");
        }

        @Override
        public MetricGroup getWrappedMetricGroup() {
            return this;
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    /** A loopback port held open, whose next port was free a moment ago. */
    private static ServerSocket takeAPortWithAFreeNeighbour() throws IOException {
        while (true) {
            ServerSocket taken = new ServerSocket(0, 1, LOOPBACK);
            try (ServerSocket neighbour = new ServerSocket(taken.getLocalPort() + 1, 1, LOOPBACK)) {
                return taken;
            } catch (IOException busy) {
                taken.close();
            }
        }
    }
}
