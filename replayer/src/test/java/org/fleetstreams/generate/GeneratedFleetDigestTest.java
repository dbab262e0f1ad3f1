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
 * first computed with the generator as it was before its manoeuvre and overlay look-ups were made linear in the
 * drive's length (commit 598b9e2), which showed that change left every row, truth row and orientation as it was.
 * They were re-pinned on 2026-12-08 after these generator fixes, which mean to alter the data: both families turn the
 * course and track the way the lateral force points (left for a positive one: {@link TurnDirectionTest}); SCRIPTED
 * bumps start on a 20 ms sample step and each brake's re-acceleration brings the car back to its cruising speed
 * ({@link ScriptedDriveTest}). A change that means to alter the generated data updates them (and data/sample, pinned
 * by FleetGeneratorTest).
 *
 * <p>The rows are digested as {@link SensorReading#toString()} (records: {@code Double.toString} round-trips every
 * double exactly), not as Parquet bytes, which can differ between JVMs (data/README.md).
 */
class GeneratedFleetDigestTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} seed {1}, {2} cars x {3} s, phone {4} Hz, gps {5}")
    @CsvSource(delimiter = ';', value = {
        "SCRIPTED; 1;    2; 1800; 0;  ;  88d82b48a3b31d2aa9456dc9a57070a0da8b3d69f8df05c9fe0d23db62d06900",
        "SCRIPTED; 7;    1; 3000; 0;  ;  c958832b9f88ba53ae7bafd1b4e3310efc217c86171be555a5231bb4f7f6ad55",
        "PHYSICS;  1042; 2; 1800; 0;  ;  656c95f2bb807fe5a1b9c74be47e5a48fc91c396133c267a302db296a231deb4",
        "PHYSICS;  9;    1; 3000; 0;  ;  847c949376488aa156134a8935b8e9769df8a20ff085a828abfbddc9e0632071",
        "PHYSICS;  5;    1; 1200; 100; 0.5,2; 89cf97d6ec8a699d3aee8741d02b5131ebbd4eadf348ad9b55d6e4578bab80b1",
    })
    void theGeneratedFleetIsThePinnedOne(Family family, long seed, int cars, double durationS, int phoneHz,
                                          String gpsInterval, String digest)
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
