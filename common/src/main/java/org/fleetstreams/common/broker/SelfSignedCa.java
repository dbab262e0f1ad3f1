package org.fleetstreams.common.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for the embedded broker, made at start with the JDK's {@code keytool}: a CA
 * key pair, a broker key pair whose certificate the CA signs for {@code localhost} and {@code 127.0.0.1}, a PKCS12
 * keystore for the broker and a PKCS12 truststore (the CA certificate only) for the clients.
 *
 * <p>Why keytool in a child process and not a library: the JDK has no public API that signs a certificate
 * ({@code sun.security.x509} is not exported), and BouncyCastle would add a 9 MB dependency to every jar for a
 * test-and-demo feature. keytool ships with every JDK; the four calls take about two seconds. Keys are EC P-256
 * (generated in milliseconds, unlike RSA). The CA's private key lives only in a temporary directory, deleted once
 * the broker certificate is signed, so nobody can sign another certificate this truststore accepts.
 */
public final class SelfSignedCa {

    /**
     * The files clients and broker use. Each store has its own password: the truststore's goes into every client's
     * properties file, and with one password for both, anyone given a client file could open the broker's private key.
     * The keystore is readable by its owner only (where the file system has POSIX permissions).
     */
    public record Stores(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
    }

    private static final String VALIDITY_DAYS = "30";
    private static final String PASSWORD_VARIABLE = "FLEETSTREAMS_STORE_PASSWORD";
    private static final String SAN = "SAN=dns:localhost,ip:127.0.0.1";

    private SelfSignedCa() {
    }

    /** Writes {@code broker.keystore.p12} (under {@code password}) and {@code truststore.p12} into {@code dir}. */
    public static Stores issue(Path dir, String password, String truststorePassword) {
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory("fleetstreams-ca-");
            Path ca = work.resolve("ca.p12");
            Path key = work.resolve("broker-key.p12");
            Path csr = work.resolve("broker.csr");
            Path signed = work.resolve("broker.crt");
            // The two key pairs do not depend on each other: generate them side by side.
            Process caKey = keytool(password, "-genkeypair", "-alias", "ca", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=fleetstreams embedded broker CA", "-ext", "bc:c",
                    "-validity", VALIDITY_DAYS, "-keystore", ca.toString(), "-storetype", "PKCS12");
            Process brokerKey = keytool(password, "-genkeypair", "-alias", "broker", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", VALIDITY_DAYS,
                    "-keystore", key.toString(), "-storetype", "PKCS12");
            await(caKey, "generate the CA key");
            await(brokerKey, "generate the broker key");
            await(keytool(password, "-certreq", "-alias", "broker", "-keystore", key.toString(),
                    "-file", csr.toString()), "make the broker's certificate request");
            await(keytool(password, "-gencert", "-alias", "ca", "-keystore", ca.toString(),
                    "-infile", csr.toString(), "-outfile", signed.toString(), "-rfc", "-validity", VALIDITY_DAYS,
                    "-ext", SAN, "-ext", "EKU=serverAuth,clientAuth"), "sign the broker certificate");

            char[] pw = password.toCharArray();
            Certificate caCert = load(ca, pw).getCertificate("ca");
            Key privateKey = load(key, pw).getKey("broker", pw);
            Certificate brokerCert;
            try (InputStream in = Files.newInputStream(signed)) {
                brokerCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, pw);
            keystore.setKeyEntry("broker", privateKey, pw, new Certificate[] {brokerCert, caCert});
            KeyStore truststore = KeyStore.getInstance("PKCS12");
            char[] trustPw = truststorePassword.toCharArray();
            truststore.load(null, trustPw);
            truststore.setCertificateEntry("fleetstreams-ca", caCert);
            Stores stores = new Stores(dir.resolve("broker.keystore.p12"), password, dir.resolve("truststore.p12"),
                    truststorePassword);
            ownerOnly(stores.keystore());
            store(keystore, stores.keystore(), pw);
            store(truststore, stores.truststore(), trustPw);
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's TLS files into " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the broker's TLS stores: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                KraftStorage.deleteRecursively(work);
            }
        }
    }

    /** Creates {@code file} empty, readable and writable by its owner only, before any key is written into it. */
    private static void ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        }
    }

    /** The password goes in the environment, not on keytool's command line where {@code ps} would show it. */
    private static Process keytool(String password, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", PASSWORD_VARIABLE, "-noprompt"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        return builder.start();
    }

    private static void await(Process process, String what) throws IOException {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not " + what + ": " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool was running", e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
