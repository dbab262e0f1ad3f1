package org.fleetstreams.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** {@code app}'s command line run in this JVM, as {@link FleetApp#main} runs it: its exit code and what it printed. */
record AppRun(int code, String out, String err) {

    static AppRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FleetApp.commandLine(new FleetApp())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new AppRun(code, out.toString(), err.toString());
    }
}
