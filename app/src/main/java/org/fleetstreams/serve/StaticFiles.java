package org.fleetstreams.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's files, from the jar: {@code /dashboard/*} from {@code dashboard/} on the classpath, and
 * {@code /vendor/LIB/PATH} from the WebJar {@code org.webjars.npm:LIB} (Leaflet, uPlot), whatever its version. Nothing
 * comes from the internet.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "json", "application/json; charset=utf-8");

    private StaticFiles() {
    }

    /** The file for a request path, or null. */
    static Reply get(String path) {
        if (path.contains("..")) {
            return null;
        }
        String resource;
        if (path.equals("/dashboard/") || path.equals("/dashboard")) {
            resource = "dashboard/index.html";
        } else if (path.startsWith("/dashboard/")) {
            resource = path.substring(1);
        } else if (path.startsWith("/vendor/")) {
            String rest = path.substring("/vendor/".length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return null;
            }
            String lib = rest.substring(0, slash);
            String version = webJarVersion(lib);
            if (version == null) {
                return null;
            }
            resource = "META-INF/resources/webjars/" + lib + "/" + version + rest.substring(slash);
        } else {
            return null;
        }
        try {
            URL url = StaticFiles.class.getClassLoader().getResource(resource);
            if (url == null || isFolder(url)) {
                return null; // a folder's entry reads as an empty file (in a jar) or as a listing (on disk): no file
            }
            try (InputStream in = url.openStream()) {
                String ext = resource.substring(resource.lastIndexOf('.') + 1);
                return new Reply(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes(),
                        Map.of("Cache-Control", "no-cache"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFolder(URL url) throws IOException {
        if (url.getPath().endsWith("/")) {
            return true;
        }
        if (url.openConnection() instanceof JarURLConnection jar) {
            return jar.getJarEntry().isDirectory();
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                return true;
            }
        }
        return false;
    }

    private static String webJarVersion(String lib) {
        if (!lib.matches("[a-zA-Z0-9._-]+")) {
            return null;
        }
        try (InputStream in = StaticFiles.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + lib + "/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }
}
