package org.fleetstreams.serve;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Whether the other instances can send an HTTP request to an {@code application.server}. Kafka takes a host with
 * {@code _} or {@code %} in it (docker-compose v1 names its containers {@code fleet_app_1}), but {@code java.net.URI}
 * reads such an authority as registry-based, with no host, and the JDK's HTTP client refuses the URI: no instance
 * could forward a request to that one. The app refuses to advertise such a name when it starts ({@code HttpOptions});
 * {@link Peers} treats a peer that advertises one anyway (an older version) as one that does not answer.
 */
public final class AdvertisedAddress {

    private AdvertisedAddress() {
    }

    /**
     * Why the other instances could not send a request to {@code host} (a name or an IP literal, an IPv6 one with or
     * without brackets), and what to do instead; null when they can.
     */
    public static String problem(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // the port does not matter to the parse; the URL is the one Peers builds
        String url = "http://" + Peers.address(new HostInfo(bare, 8080));
        try {
            if (new URI(url).getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // no URL at all: as unreachable as one without a host
        }
        return "'" + bare + "' is no host name Java's HTTP client can send a request to (java.net.URI reads a name"
                + " with '_', as docker-compose v1 names its containers, or with '%' as no host at all), so no"
                + " instance can forward a request to it: advertise a name without '_' (a compose service name or"
                + " network alias, or the container's hostname set without one) or an IP address";
    }
}
