package com.shoppulse.metricsreporter;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.Properties;
import org.apache.flink.util.PortRange;

/**
 * Where a {@link HostBoundPrometheusReporter} listens. Read from the reporter's options, each set
 * in Flink's config.yaml under {@code metrics.reporter.<name>.}:
 *
 * <ul>
 *   <li>{@code host} (default {@code 127.0.0.1}): the address to listen on, an IP address or name
 *       of this machine; {@code 0.0.0.0} listens on every interface, for a scraper on another host.
 *   <li>{@code port} (default {@code 9249}): a port, a range such as {@code 9249-9269}, or a
 *       comma-separated list of both. The first free one is taken, so the JVMs of several clusters
 *       on one host each get their own.
 * </ul>
 *
 * <p>A host that is not an address of this machine, or a port that is not a port, is refused here,
 * naming the option, rather than showing up later as a port that cannot be bound.
 */
record ListenAddress(InetAddress host, String portRange) {
    static final String HOST = "host";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final String PORT = "port";
    static final String DEFAULT_PORT = "9249";

    static ListenAddress from(Properties options) {
        return new ListenAddress(
                localAddress(options.getProperty(HOST, DEFAULT_HOST).trim()),
                checkedPortRange(options.getProperty(PORT, DEFAULT_PORT).trim()));
    }

    /** The ports to try, in order; a new iterator on each call. */
    Iterator<Integer> ports() {
        return new PortRange(portRange).getPortsIterator();
    }

    private static InetAddress localAddress(String host) {
        if (host.isEmpty()) {
            throw invalid(HOST, host, "is empty", null);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw invalid(HOST, host, "is not an IP address or a known host name", e);
        }
        if (!isOnThisMachine(address)) {
            throw invalid(HOST, host, "is not an address of this machine", null);
        }
        return address;
    }

    private static String checkedPortRange(String portRange) {
        try {
            new PortRange(portRange);
        } catch (RuntimeException e) {
            throw invalid(PORT, portRange, "is not a port or a port range such as 9249-9269", e);
        }
        return portRange;
    }

    private static boolean isOnThisMachine(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            throw new IllegalStateException("could not list this machine's addresses", e);
        }
    }

    private static IllegalArgumentException invalid(
            String option, String value, String problem, Exception cause) {
        return new IllegalArgumentException(
                String.format("Prometheus reporter option '%s': '%s' %s", option, value, problem),
                cause);
    }
}
