package org.fleetstreams.common.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports for brokers that pick their own.
 *
 * <p>All sockets of one call stay open until every port is chosen: asking for one port at a time lets the kernel
 * hand the same port out twice (a CI run once got {@code PLAINTEXT} and {@code CONTROLLER} on one port). Another
 * process can still take a port between this call and the broker's bind; {@link EmbeddedKafkaBroker} retries then.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports that were free a moment ago. */
    public static int[] take(int count) {
        List<ServerSocket> open = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                open.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }
}
