package com.shoppulse.metricsreporter;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.prometheus.ReporterRegistry;

/**
 * Serves a JVM's Flink metrics at {@code /metrics} for Prometheus to scrape, as Flink's own
 * PrometheusReporter does, but on the address set by the {@code host} option instead of on every
 * interface. Options: {@link ListenAddress}.
 *
 * <p>Flink creates it through {@link HostBoundPrometheusReporterFactory}.
 */
final class HostBoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    HostBoundPrometheusReporter(ListenAddress address) {
        server = listen(address, ReporterRegistry.of(this));
        log.info(
                "Serving Prometheus metrics at http://{}:{}/metrics",
                address.host().getHostAddress(),
                server.getPort());
    }

    /** The port this reporter took from its range. */
    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }

    private static HTTPServer listen(ListenAddress address, CollectorRegistry registry) {
        IOException lastFailure = null;
        for (Iterator<Integer> ports = address.ports(); ports.hasNext(); ) {
            InetSocketAddress endpoint = new InetSocketAddress(address.host(), ports.next());
            try {
                // Daemon threads: a metrics endpoint must never be what keeps a stopping JVM alive.
                return new HTTPServer(endpoint, registry, true);
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        throw new IllegalStateException(
                String.format(
                        "Prometheus reporter: no port of '%s' (option '%s') is free on %s",
                        address.portRange(), ListenAddress.PORT, address.host().getHostAddress()),
                lastFailure);
    }
}
