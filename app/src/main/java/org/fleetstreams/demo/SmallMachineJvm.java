package org.fleetstreams.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * On a machine with two CPUs, {@code java -jar app.jar demo} runs its one pass in a second JVM whose JIT stops at C1
 * ({@code -XX:TieredStopAtLevel=1}): the demo's one JVM holds a broker, a replayer and the app, and for its first
 * minute HotSpot's C2 compiler takes most of a core, which on two cores is the core the stream thread needed. The
 * demo's replay of {@code data/sample} lasts 12 s at 10x, all of it in that minute. Measured on a two-core VM
 * (docs/benchmarks.md, "Session of 2026-12-02, fourth"): at 10x the app trailed the replay by at most 0.9-4.6 s of
 * event time with C1 only against 2.1-16.3 s with C2 (10 rounds alternating, C1 ahead in 9); at 20x 23-36 s against
 * 31-77 s (3 rounds), and the warm-up took 10-13 s against 13-18 s. C1's code is slower once C2 would have finished, so a
 * {@code --keep-running} demo (minutes and hours) stays in this JVM, as does {@code --speed max} (no pace to keep).
 *
 * <p>A JVM cannot change its own JIT, and a jar's manifest cannot name JVM options; hence a child process, with this
 * JVM's options, class path and arguments, the console handed over ({@link ProcessBuilder#inheritIO()}), and its exit
 * code returned; the child stops (draining, as on Ctrl-C) when this JVM is gone, even killed. Nothing happens when
 * the user set the JVM up themselves: an option other than heap, stack, module and plain {@code -D} ones (a JIT flag,
 * an agent, a debugger or JMX port, a log file: a second JVM would clash with or override them), or
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS} in the environment (the child would
 * take those twice); nor on Windows, where a child cannot be asked to stop cleanly. {@code -Dfleetstreams.demo.jit=c2}
 * keeps C2 anywhere, {@code =c1} asks for C1 on any machine. If the child cannot start, the demo runs here.
 */
final class SmallMachineJvm {

    static final String PROPERTY = "fleetstreams.demo.jit";
    static final String CHILD = "fleetstreams.demo.child";
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /**
     * What the decision looks at, gathered from this JVM ({@link #ofThisJvm}) or given by a test; {@code classPath}
     * empty when the child could not load this code from it.
     */
    record Jvm(int cpus, List<String> options, Map<String, String> env, String javaBinary, String classPath,
               String mode, boolean child, boolean windows) {

        static Jvm ofThisJvm() {
            boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
            String classPath = System.getProperty("java.class.path");
            return new Jvm(Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv(),
                    Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString(),
                    holdsThisCode(classPath) ? classPath : "", System.getProperty(PROPERTY, "auto"),
                    Boolean.getBoolean(CHILD), windows);
        }

        /**
         * Whether this code was loaded from the class path by the JVM's own class loader (not so under
         * {@code mvn exec:java}, whose class loader is Maven's: a child started with {@code java.class.path} would not
         * find the launcher).
         */
        private static boolean holdsThisCode(String classPath) {
            return classPath != null && !classPath.isBlank()
                    && SmallMachineJvm.class.getClassLoader() == ClassLoader.getSystemClassLoader();
        }
    }

    private SmallMachineJvm() {
    }

    /**
     * The child JVM's command line, or empty to run the demo in this JVM.
     *
     * @param launcher    the main class and its arguments ({@code demo ...}), passed on unchanged
     * @param keepRunning the demo loops until Ctrl-C
     * @param maxSpeed    the demo replays at {@code --speed max}
     */
    static Optional<List<String>> childCommand(Jvm jvm, List<String> launcher, boolean keepRunning, boolean maxSpeed) {
        if (jvm.child() || jvm.windows() || jvm.classPath().isEmpty() || jvm.mode().equalsIgnoreCase("c2")
                || setInEnvironment(jvm.env())) {
            return Optional.empty();
        }
        boolean wanted = jvm.mode().equalsIgnoreCase("c1") || jvm.cpus() <= 2 && !keepRunning && !maxSpeed;
        if (!wanted || !jvm.options().stream().allMatch(SmallMachineJvm::passesOn)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(jvm.javaBinary());
        jvm.options().stream().filter(o -> !o.startsWith("-D" + PROPERTY + "=")).forEach(command::add);
        command.add(C1_ONLY);
        command.add("-D" + CHILD + "=true");
        command.add("-cp");
        command.add(jvm.classPath());
        command.addAll(launcher);
        return Optional.of(command);
    }

    /**
     * An option a second JVM can take as well: heap and stack sizes, module access, and {@code -D} properties other
     * than JMX's. Anything else (a JIT flag, JFR, an agent, a debugger, {@code -Xlog} to a file) is the user's set-up
     * of this JVM, and the demo then stays in it.
     */
    static boolean passesOn(String option) {
        return option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xss")
                || option.startsWith("--add-opens") || option.startsWith("--add-exports")
                || option.startsWith("--enable-native-access")
                || option.startsWith("-D") && !option.startsWith("-Dcom.sun.management");
    }

    private static boolean setInEnvironment(Map<String, String> env) {
        return List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS").stream()
                .anyMatch(name -> !env.getOrDefault(name, "").isBlank());
    }

    /**
     * Runs the child (with this console: {@code new ProcessBuilder(command).inheritIO()}) and returns its exit code, or
     * empty when it could not start. Ctrl-C on a terminal reaches both processes; a
     * SIGTERM to this one alone is passed on ({@link Process#destroy()}), and this JVM waits for the child's own clean
     * shutdown either way.
     */
    static OptionalInt run(ProcessBuilder command, PrintStream out) throws InterruptedException {
        Process child;
        try {
            child = command.start();
        } catch (IOException e) {
            out.println("JVM: could not start a JVM with C1 only (" + e.getMessage() + "); the demo runs in this one");
            return OptionalInt.empty();
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        out.println("JVM: the demo runs in a JVM with C1 only (" + C1_ONLY + ", pid " + child.pid() + ")"
                + (cpus <= 2 ? ", which keeps pace better on " + cpus + " CPUs" : ", as asked")
                + " (docs/operations.md; -D" + PROPERTY + "=c2 keeps C2)");
        out.flush();
        Thread passOn = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-child-stop");
        Runtime.getRuntime().addShutdownHook(passOn);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(passOn);
        } catch (IllegalStateException e) {
            // this JVM is shutting down already: the hook has found the child gone
        }
        return OptionalInt.of(code);
    }

    /**
     * In the child: when the JVM that started it is gone (killed without its shutdown hook, say), stop as on Ctrl-C
     * rather than keep the broker's port and the terminal.
     */
    static void stopWithParent() {
        if (Boolean.getBoolean(CHILD)) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(143)));
        }
    }
}
