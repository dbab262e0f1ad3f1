package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.generate.FleetGeneratorFixtures.rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins what a few seeds of each family generate, over drives long enough for hundreds of manoeuvres, potholes and
 * bumps (overlapping ones included), as SHA-256 digests of the decoded rows and of both CSV files. The digests were
 * computed with the generator as it was before its manoeuvre and overlay look-ups were made linear in the drive's
 * length (commit 598b9e2), so this shows that change left every row, truth row and orientation as it was. A change
 * that means to alter the generated data updates them (and data/sample, pinned by FleetGeneratorTest).
 *
 * <p>The rows are digested as {@link SensorReading#toString()} (records: {@code Double.toString} round-trips every
 * double exactly), not as Parquet bytes, which can differ between JVMs (data/README.md).
 */
class GeneratedFleetDigestTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} seed {1}, {2} cars x {3} s, phone {4} Hz, gps {5}")
    @CsvSource(delimiter = ';', value = {
        "SCRIPTED; 1;    2; 1800; 0;  ;  d702f994d31c695e342d2a897c686e65c73f71004aded19d878eb98fb2444cac",
        "SCRIPTED; 7;    1; 3000; 0;  ;  14f02cbc76f4341a40c7bcb5d7847dcba605a0284e0899b0d62fffd606e75b39",
        "PHYSICS;  1042; 2; 1800; 0;  ;  1282cebbbe7deb1334a77f44d2a4a4d1383e17c31987643816d377b7d1a1c82e",
        "PHYSICS;  9;    1; 3000; 0;  ;  c79af876fa01a7ff619fb9415e2729a34781ee7de60647c79429751760867ed6",
        "PHYSICS;  5;    1; 1200; 100; 0.5,2; 226d220e8f60a32638a538b97be7f737324b2a2a950601713dd09e39b1c2f72f",
    })
    void theGeneratedFleetIsTheOneItWasBeforeTheLookUpsBecameLinear(Family family, long seed, int cars, double durationS,
                                                                     int phoneHz, String gpsInterval, String digest)
            throws IOException {
        Path out = dir.resolve("fleet");
        FleetGenerator.generate(new FleetGenerator.Options(out, cars, durationS, seed, 4, family,
                FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.of(phoneHz, gpsInterval)));

        MessageDigest sha = sha256();
        for (SensorReading row : rows(out)) {
            sha.update((row + "\n").getBytes(StandardCharsets.UTF_8));
        }
        sha.update(Files.readAllBytes(out.resolve(StagedOutput.GROUND_TRUTH)));
        sha.update(Files.readAllBytes(out.resolve(StagedOutput.PHONE_ORIENTATION)));

        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
