package com.shoppulse.metricsreporter;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates a {@link HostBoundPrometheusReporter}. In Flink's config.yaml:
 *
 * <pre>{@code
 * metrics.reporter.prom.factory.class: com.shoppulse.metricsreporter.HostBoundPrometheusReporterFactory
 * metrics.reporter.prom.host: 127.0.0.1
 * metrics.reporter.prom.port: 9249-9269
 * }</pre>
 *
 * The options are described in {@link ListenAddress}. Flink finds this factory through {@code
 * META-INF/services}.
 */
public class HostBoundPrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties options) {
        return new HostBoundPrometheusReporter(ListenAddress.from(options));
    }
}
