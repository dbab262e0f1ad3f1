package org.fleetstreams.generate;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.fleetstreams.common.FileTrees;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Where a {@link FleetGenerator} run writes: a hidden folder inside the output folder, whose data folders and files
 * are moved into place only once all of them are written. A run that fails, or is killed, so never leaves a fleet
 * that is half written in {@code locations/} and {@code accelerations/}, which would replay as if it were whole.
 *
 * @param out        the output folder
 * @param outExisted whether it was there before the run (if not, a failed run removes it)
 * @param dir        the staging folder: where the run writes what will end up in {@code out}
 */
record StagedOutput(Path out, boolean outExisted, Path dir) {

    /** The events each car's script or physics produced, and the negatives ({@code FleetGenerator}). */
    static final String GROUND_TRUTH = "ground-truth.csv";
    /** Each car's phone attitude. */
    static final String PHONE_ORIENTATION = "phone-orientation.csv";

    /** What a run writes, in the order it is moved into place: the data last, so a fleet in place is complete. */
    private static final List<String> WRITTEN = List.of(GROUND_TRUTH, PHONE_ORIENTATION,
            SensorKind.ACCELERATIONS.folder(), SensorKind.LOCATIONS.folder());

    /**
     * Refuses an output folder that cannot take a fleet: a file, or one whose data folders are files, hold files or
     * cannot be read (a fleet would be mixed with what is there, or the run would fail after its work).
     *
     * @throws IllegalArgumentException naming what is wrong, for a one-line error
     */
    static void check(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder; generate into a new folder");
        }
        for (SensorKind kind : SensorKind.values()) {
            Path dir = out.resolve(kind.folder());
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file, not a folder; generate into a new folder");
            }
            try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty; generate into a new folder");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dir + " (" + e.getClass().getSimpleName() + "); "
                        + "generate into a new folder", e);
            }
        }
    }

    /** Creates the output folder if needed and a new staging folder in it. */
    static StagedOutput open(Path out) throws IOException {
        boolean existed = Files.exists(out);
        Files.createDirectories(out);
        return new StagedOutput(out, existed, Files.createTempDirectory(out, ".generating-"));
    }

    /**
     * Moves what was written into the output folder; an empty data folder there ({@link #check} allows
     * no other) and an earlier run's ground truth are replaced.
     */
    void publish() throws IOException {
        for (String name : WRITTEN) {
            Path written = dir.resolve(name);
            if (Files.exists(written)) {
                Files.move(written, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.delete(dir);
    }

    /**
     * Removes what a failed run wrote, and the output folder if the run created it; what cannot be removed is added
     * to {@code cause}, the run's own error, which is the one to report.
     */
    void discard(Throwable cause) {
        try {
            FileTrees.delete(dir);
            if (!outExisted) {
                Files.deleteIfExists(out);
            }
        } catch (DirectoryNotEmptyException e) {
            // the output folder holds something else by now: it stays
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
