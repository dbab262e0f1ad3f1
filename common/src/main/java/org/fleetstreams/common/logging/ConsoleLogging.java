package org.fleetstreams.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Where log lines go when a command of this project runs: the libraries' (Kafka, Parquet, Hadoop) warnings and
 * stack traces go to a log file, the console shows only the project's own lines, plus one explaining line the first
 * time a {@linkplain KnownWarnings known warning} is logged. With {@code verbose} every warning is on the console too.
 * {@link #close()} puts back the configuration from logback.xml (tests run commands in one JVM).
 */
public final class ConsoleLogging implements AutoCloseable {

    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private final LoggerContext context;
    private final Path logFile;

    private ConsoleLogging(LoggerContext context, Path logFile) {
        this.context = context;
        this.logFile = logFile;
    }

    /** {@link #start(Path, boolean, PrintStream, boolean)} with a fresh log file (a run's log, like the demo's). */
    public static ConsoleLogging start(Path logFile, boolean verbose, PrintStream console) {
        return start(logFile, verbose, console, false);
    }

    /**
     * Sends logging to {@code logFile} (appended to, or truncated first), and to {@code console} only the project's
     * own warnings, explanations of known warnings, and (with {@code verbose}) every warning.
     */
    public static ConsoleLogging start(Path logFile, boolean verbose, PrintStream console, boolean append) {
        return start(logFile, verbose, console, console::println, append);
    }

    /**
     * As above, with the explaining lines handed to {@code notes} (the demo's live view prints them above its frame,
     * so that they do not tear a view that redraws in place).
     */
    public static ConsoleLogging start(Path logFile, boolean verbose, PrintStream console, Consumer<String> notes,
                                       boolean append) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            console.println("warning: cannot create the directory of the log file " + logFile + ": " + e.getMessage());
        }
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);

        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setAppend(append);
        file.setEncoder(encoder(context, PATTERN));
        file.start();
        root.addAppender(file);

        Explainer explainer = new Explainer(notes, logFile);
        explainer.setContext(context);
        explainer.start();
        root.addAppender(explainer);

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, verbose ? PATTERN : "%msg%n"));
        stderr.start();
        if (verbose) {
            root.addAppender(stderr);
        } else {
            // The project's own warnings (e.g. a stray folder in the data set) are for the user; its INFO lines
            // (broker start and stop times) go to the file only.
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel("WARN");
            warnings.start();
            stderr.addFilter(warnings);
            context.getLogger("org.fleetstreams").addAppender(stderr);
        }
        context.getLogger("org.fleetstreams").setLevel(Level.INFO);
        // Normal first start of the embedded broker ("metadata log appears to be empty"), and Hadoop's native check.
        context.getLogger("org.apache.kafka.controller.QuorumController").setLevel(Level.ERROR);
        context.getLogger("org.apache.hadoop.util.NativeCodeLoader").setLevel(Level.ERROR);
        return new ConsoleLogging(context, logFile);
    }

    public Path logFile() {
        return logFile;
    }

    /** Logs an unexpected failure with its stack trace to the log file only. */
    public static void logFailure(String what, Throwable e) {
        LoggerFactory.getLogger("failure").error(what, e);
    }

    @Override
    public void close() {
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (Exception e) {
            // back to logback's defaults; nothing a user needs to see
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    /** Prints the one-line explanation of a known warning, once per kind. */
    private static final class Explainer extends AppenderBase<ILoggingEvent> {

        private final Consumer<String> notes;
        private final Path logFile;
        private final Set<String> shown = ConcurrentHashMap.newKeySet();

        Explainer(Consumer<String> notes, Path logFile) {
            this.notes = notes;
            this.logFile = logFile;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(Level.WARN) || event.getLoggerName().startsWith("org.fleetstreams")) {
                return;
            }
            KnownWarnings.explain(event.getFormattedMessage()).filter(k -> shown.add(k.key()))
                    .ifPresent(k -> notes.accept("note: " + k.explanation() + " (see " + logFile + ")"));
        }
    }
}
