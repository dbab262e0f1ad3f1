package org.fleetstreams.common.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.fleetstreams.common.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded broker's files: {@code kafka-storage format} and deleting a temporary log dir. */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {
    }

    /**
     * {@code kafka-storage format} of {@code dir} unless an earlier run formatted it (its cluster id is kept).
     *
     * @param extraArguments e.g. {@code --add-scram ...}: SCRAM users must be in the metadata log before the broker
     *                       starts when the broker itself authenticates with SCRAM (KIP-900)
     */
    static void format(Path dir, Properties props, String clusterId, List<String> extraArguments) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Path config = dir.resolve("embedded-server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by EmbeddedKafkaBroker for kafka-storage format");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", clusterId,
                "--config", config.toString(), "--ignore-formatted"));
        args.addAll(extraArguments);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(args.toArray(String[]::new), out);
        } finally {
            // it holds the node's settings, with a secured broker's keystore password and login: needed for the format
            // only, and not to be left readable in a log dir that may be kept
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", config, e.getMessage());
            }
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka-storage format failed (exit " + rc + "): "
                    + captured.toString(StandardCharsets.UTF_8).strip());
        }
        LOG.debug("kafka-storage format: {}", captured.toString(StandardCharsets.UTF_8).strip());
    }

    static void deleteRecursively(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
