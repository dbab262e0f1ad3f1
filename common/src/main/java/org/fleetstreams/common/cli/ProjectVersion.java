package org.fleetstreams.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The project's version, as the build wrote it ({@code version.properties}, filtered by Maven), for every tool's
 * {@code --version}: {@code replayer 0.1.0-SNAPSHOT}. One source, so a jar never names a version it is not.
 */
public final class ProjectVersion implements CommandLine.IVersionProvider {

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** picocli: the command's name and the version, for {@code --version}. */
    @Override
    public String[] getVersion() {
        return new String[] {"${COMMAND-FULL-NAME} " + version()};
    }
}
