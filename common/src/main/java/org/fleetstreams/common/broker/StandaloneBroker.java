package org.fleetstreams.common.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.fleetstreams.common.admin.KafkaConnection;

/**
 * The {@link EmbeddedKafkaBroker} as a process of its own, for scripts that start the broker, the replayer and the
 * app separately ({@code app/scale-out.sh}, {@code docs/spark-check/run.sh}, docs/replayer.md):
 *
 * <pre>{@code
 * java -cp replayer/target/replayer.jar org.fleetstreams.common.broker.StandaloneBroker [PORT] [LOG_DIR]
 * }</pre>
 *
 * <p>Default port 9092 (0 picks a free one), and a temporary log directory deleted on exit. It prints
 * {@code Kafka broker ready on localhost:PORT (Ctrl-C stops it)} once it serves clients, which the scripts wait for,
 * and runs until Ctrl-C (or SIGTERM), when it shuts the broker down cleanly.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 2) {
            System.err.println("usage: StandaloneBroker [PORT] [LOG_DIR]");
            System.exit(2);
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        try {
            builder.port(args.length > 0 ? Integer.parseInt(args[0]) : KafkaConnection.DEFAULT_PORT);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("error: PORT '" + args[0] + "': " + e.getMessage());
            System.exit(2);
        }
        if (args.length > 1) {
            builder.logDir(Path.of(args[1]));
        }
        EmbeddedKafkaBroker broker = builder.start();
        serveUntilShutdown(broker, "Kafka broker ready on " + broker.bootstrapServers() + " (Ctrl-C stops it)");
    }

    /**
     * Prints {@code readyLine} (what a script waits for), then blocks until the JVM is asked to stop (Ctrl-C,
     * SIGTERM), when a shutdown hook closes {@code broker} cleanly. For a broker that is a process of its own.
     */
    static void serveUntilShutdown(EmbeddedKafkaBroker broker, String readyLine) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // before the line: a script may stop it right after
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(readyLine);
        System.out.flush();
        stopped.await();
    }
}
