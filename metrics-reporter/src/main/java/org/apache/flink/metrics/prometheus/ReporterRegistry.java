package org.apache.flink.metrics.prometheus;

import io.prometheus.client.CollectorRegistry;

/**
 * The registry an {@link AbstractPrometheusReporter} puts its collectors into, for a subclass that
 * serves it itself.
 *
 * <p>Flink keeps that field package-private, so this one accessor has to live in Flink's package.
 * Package-private access holds only within one class loader: the jar that holds this class must be
 * loaded together with flink-metrics-prometheus, both in {@code lib/} or both in the same {@code
 * plugins/} folder.
 */
public final class ReporterRegistry {
    private ReporterRegistry() {}

    public static CollectorRegistry of(AbstractPrometheusReporter reporter) {
        return reporter.registry;
    }
}
