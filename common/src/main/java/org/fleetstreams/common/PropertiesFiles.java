package org.fleetstreams.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Loads the {@code --producer-config} / {@code --config} files of the command-line tools, and reads the project's own
 * on/off settings from what such a file (or {@code --set}) gave Kafka Streams.
 */
public final class PropertiesFiles {

    private PropertiesFiles() {
    }

    /**
     * The file's settings, each value trimmed as Kafka's own config parser trims it ({@code ConfigDef.parseType}):
     * {@code Properties} keeps a value's trailing blanks, so {@code processing.guarantee=exactly_once_v2 } ran
     * exactly-once in Kafka while this project, comparing the raw text, took it for at-least-once and left out what
     * exactly-once needs (transactional state stores, the commit interval).
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /**
     * The on/off setting {@code key} of {@code settings} (e.g. a processor's {@code appConfigs()}): {@code true} or
     * {@code false} (any case, or a Boolean), {@code defaultValue} when absent.
     *
     * @throws IllegalArgumentException naming the key and the value when it is neither
     */
    public static boolean flag(Map<String, ?> settings, String key, boolean defaultValue) {
        Object value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
    }
}
