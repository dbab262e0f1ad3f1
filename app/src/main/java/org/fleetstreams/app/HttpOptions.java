package org.fleetstreams.app;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.common.cli.BadOptions;
import org.fleetstreams.common.cli.Ports;
import org.fleetstreams.serve.AdvertisedAddress;
import org.fleetstreams.serve.FleetServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the app's HTTP server (REST API, {@code /metrics}, the dashboard) listens, and what it tells the other
 * instances to forward to ({@code application.server}).
 */
final class HttpOptions {

    private static final Logger LOG = LoggerFactory.getLogger(HttpOptions.class);

    @Option(names = "--http-port", paramLabel = "PORT", description = "Serve the REST API, /metrics and the dashboard"
            + " on this port (0 = any free port; -1 or none: off, as the demo's -1). See docs/dashboard.md.")
    Integer port;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "localhost", description = "Address the HTTP"
            + " server listens on and advertises to the other instances as application.server; 0.0.0.0 = every"
            + " interface, advertised as this machine's host name; an application.server in --config is advertised"
            + " instead (default: ${DEFAULT-VALUE}).")
    String host;

    /** Refuses a port or host out of range, naming its option; -1 becomes "off" (null), as the demo's. */
    void check(CommandLine commandLine) {
        if (port != null) {
            BadOptions.requirePort(commandLine, "--http-port", port, -1);
            port = port == -1 ? null : port;
        }
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            // "" binds to loopback but advertises ":PORT", which the other instances cannot reach
            throw new CommandLine.ParameterException(commandLine, "--http-host must be a host name or address,"
                    + " was '" + host + "'");
        }
    }

    /**
     * An {@code application.server} in {@code --config} is what the other instances are told to forward to, in place
     * of {@code --http-host:--http-port}; it needs the HTTP server running, and the form HOST:PORT. Whichever is
     * advertised must be a host the JDK's HTTP client can send a request to ({@link AdvertisedAddress}): Kafka takes
     * {@code fleet_app_1}, and every request forwarded to such an instance would fail.
     */
    void checkApplicationServer(CommandLine commandLine, AppConfig config, Path configFile) {
        String advertised = ownApplicationServer(config);
        if (advertised == null) {
            // 0.0.0.0 and :: advertise the machine's host name, known once bound (bind)
            String problem = port == null || isWildcard(host) ? null : AdvertisedAddress.problem(host);
            if (problem != null) {
                throw new CommandLine.ParameterException(commandLine, "--http-host: " + problem);
            }
            return;
        }
        if (port == null) {
            throw new CommandLine.ParameterException(commandLine, "--config " + configFile + ": "
                    + StreamsConfig.APPLICATION_SERVER_CONFIG + " advertises this instance's HTTP server, which only"
                    + " --http-port starts (other instances would forward requests to nothing)");
        }
        try {
            String problem = Ports.problem(HostInfo.buildFromEndpoint(advertised).port(), 1);
            if (problem != null) {
                throw new IllegalArgumentException("port " + problem);
            }
            String hostProblem = AdvertisedAddress.problem(HostInfo.buildFromEndpoint(advertised).host());
            if (hostProblem != null) {
                throw new IllegalArgumentException(hostProblem);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--config " + configFile + ": "
                    + StreamsConfig.APPLICATION_SERVER_CONFIG + " '" + advertised + "': " + e.getMessage());
        }
    }

    /**
     * Binds the server before Kafka is touched (a port in use is an option to change, not a failed start), advertised
     * as {@code config}'s {@code application.server} when it has one; null when the server is off. A warning when the
     * machine's host name that {@code 0.0.0.0} advertises is one the other instances cannot address.
     */
    FleetServer bind(AppConfig config) throws IOException {
        if (port == null) {
            return null;
        }
        FleetServer bound = FleetServer.bind(host, port);
        String advertised = ownApplicationServer(config);
        if (advertised != null) {
            return bound.advertisedAs(advertised);
        }
        if (isWildcard(host)) {
            String machine = HostInfo.buildFromEndpoint(bound.applicationServer()
                    .get(StreamsConfig.APPLICATION_SERVER_CONFIG)).host();
            String problem = AdvertisedAddress.problem(machine);
            if (problem != null) {
                // Not refused, as a name given explicitly is: alone, the instance serves fine (nothing is forwarded
                // to it), and the machine's name is no choice the user made; the other instances count it as one that
                // does not answer (Peers).
                LOG.warn("--http-host {} advertises this machine's host name to the other instances: {} (as"
                        + " --http-host, or as application.server in --config)", host, problem);
            }
        }
        return bound;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** {@code HOST:PORT} as given, for messages. */
    String address() {
        return host + ":" + port;
    }

    /** The {@code application.server} of {@code --config}, or null: none, or blank (Kafka's default, no server). */
    private static String ownApplicationServer(AppConfig config) {
        String advertised = config.overrides().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return advertised == null || advertised.isBlank() ? null : advertised.trim();
    }
}
