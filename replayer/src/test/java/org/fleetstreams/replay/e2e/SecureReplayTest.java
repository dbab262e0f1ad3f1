package org.fleetstreams.replay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.replay.ReplayerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replayer.jar --embedded-broker --secure DIR}: the command a user runs to try the pipeline on SASL_SSL with
 * ACLs. It starts the secured broker, writes the truststore and the client files, and replays as its own
 * least-privilege user (its start-up ACL check would refuse the replay if the setup had granted too little).
 */
class SecureReplayTest {

    @TempDir
    Path dir;

    @Test
    void theSecureEmbeddedBrokerTakesAReplayAsTheReplayersUserAndLeavesTheClientFiles() throws Exception {
        // configure: a 2-car synthetic fleet
        Path fleet = dir.resolve("fleet");
        FleetGenerator.generate(new FleetGenerator.Options(fleet, 2, 20, 3, 4));
        Path secure = dir.resolve("secure");

        // run the command
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReplayerCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("--embedded-broker", "0", "--secure", secure.toString(), "--data", fleet.toString(),
                        "--speed", "max", "--epoch", "2024-05-01T00:00:00Z", "--progress-interval", "0",
                        "--log-file", dir.resolve("replayer.log").toString());

        // verify: replayed through SASL_SSL as User:replayer, every record acknowledged
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("with SASL_SSL (SCRAM-SHA-512) and ACLs",
                "This replay logs in as User:replayer; run the app with: java -jar app/target/app.jar --config "
                        + secure.resolve("app.properties"));
        assertThat(out.toString()).containsPattern("[1-9][0-9,]* acknowledged, 0 failed");

        // verify: the files a user needs, private
        assertThat(secure.resolve("truststore.p12")).isNotEmptyFile();
        for (String user : new String[] {"replayer", "app", "admin"}) {
            Path file = secure.resolve(user + ".properties");
            Map<String, String> settings = PropertiesFiles.load(file);
            assertThat(settings).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", secure.resolve("truststore.p12").toAbsolutePath().toString())
                    .containsKey("bootstrap.servers");
            assertThat(settings.get("sasl.jaas.config")).contains("username=\"" + user + "\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }
}
