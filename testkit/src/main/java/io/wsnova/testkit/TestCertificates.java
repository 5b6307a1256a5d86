package io.wsnova.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates generated at test time with the JDK's own {@code keytool} (no openssl, no network,
 * nothing secret checked in) into a temporary directory deleted at exit: a PKCS#12 keystore, a truststore holding
 * only the certificate, PEM files of both (for non-Java servers such as node), and the {@link SSLContext}s to serve
 * and to trust them. Cached per JVM.
 */
public final class TestCertificates
{
    /** The password of every keystore, truststore and key generated here. */
    public static final String PASSWORD = "test-only";

    private static final long KEYTOOL_TIMEOUT_MS = 60_000;
    private static final String ALIAS = "server";
    private static final Map<String, TestCertificate> CACHE = new ConcurrentHashMap<>();

    private TestCertificates()
    {
    }

    /**
     * A generated certificate and its key.
     *
     * @param keyStore    PKCS#12 keystore with the key and certificate under alias {@code server}.
     * @param trustStore  PKCS#12 truststore with only the certificate.
     * @param certPem     the certificate, PEM.
     * @param keyPem      the private key, PKCS#8 PEM.
     * @param certificate the certificate.
     * @param privateKey  the private key.
     */
    public record TestCertificate(
        Path keyStore, Path trustStore, Path certPem, Path keyPem, X509Certificate certificate, PrivateKey privateKey)
    {
        /**
         * A server-side context presenting this certificate.
         *
         * @return a TLS context with this key.
         * @throws GeneralSecurityException if the JDK cannot build it.
         * @throws IOException              if the keystore cannot be read.
         */
        public SSLContext serverContext() throws GeneralSecurityException, IOException
        {
            final KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(keyStore), PASSWORD.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        }

        /**
         * A client-side context that trusts this certificate and nothing else.
         *
         * @return a TLS context trusting only this certificate.
         * @throws GeneralSecurityException if the JDK cannot build it.
         * @throws IOException              if the truststore cannot be read.
         */
        public SSLContext trustingContext() throws GeneralSecurityException, IOException
        {
            final TrustManagerFactory trustManagers =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(load(trustStore));
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        }
    }

    /**
     * CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1.
     *
     * @return the certificate.
     */
    public static TestCertificate localhost()
    {
        return generate("localhost", "dns:localhost,ip:127.0.0.1");
    }

    /**
     * CN=other.example without any subjectAltName: matches neither localhost nor 127.0.0.1.
     *
     * @return the certificate.
     */
    public static TestCertificate otherName()
    {
        return generate("other.example", null);
    }

    /**
     * Generates (or returns the cached) self-signed RSA-2048 certificate valid for two days.
     *
     * @param commonName     the subject CN.
     * @param subjectAltName the SAN in keytool's syntax ({@code dns:NAME,ip:ADDRESS}), or null for none.
     * @return the certificate.
     * @throws UncheckedIOException  if keytool fails or cannot be run.
     * @throws IllegalStateException if the generated stores cannot be read.
     */
    public static TestCertificate generate(final String commonName, final String subjectAltName)
    {
        return CACHE.computeIfAbsent(commonName + "|" + subjectAltName, key -> create(commonName, subjectAltName));
    }

    private static TestCertificate create(final String commonName, final String subjectAltName)
    {
        try
        {
            final Path dir = Files.createTempDirectory(Directory.PATH, commonName + "-");
            final Path keyStore = dir.resolve("keystore.p12");
            final Path trustStore = dir.resolve("truststore.p12");
            final Path certPem = dir.resolve("cert.pem");
            final Path keyPem = dir.resolve("key.pem");
            final List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=" + commonName,
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-noprompt"));
            if (subjectAltName != null)
            {
                command.add("-ext");
                command.add("SAN=" + subjectAltName);
            }
            run(command);

            final KeyStore keys = load(keyStore);
            final X509Certificate certificate = (X509Certificate)keys.getCertificate(ALIAS);
            final PrivateKey privateKey = (PrivateKey)keys.getKey(ALIAS, PASSWORD.toCharArray());

            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("trusted", certificate);
            try (OutputStream out = Files.newOutputStream(trustStore))
            {
                trust.store(out, PASSWORD.toCharArray());
            }
            Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(keyPem, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
            return new TestCertificate(keyStore, trustStore, certPem, keyPem, certificate, privateKey);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static KeyStore load(final Path path) throws GeneralSecurityException, IOException
    {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path))
        {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(final String label, final byte[] der)
    {
        return "-----BEGIN " + label + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + label + "-----\n";
    }

    private static String keytool()
    {
        final Path inJavaHome = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return Files.isExecutable(inJavaHome) ? inJavaHome.toString() : "keytool";
    }

    private static void run(final List<String> command) throws IOException
    {
        final Path log = Files.createTempFile(Directory.PATH, "keytool-", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(KEYTOOL_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_MS + " ms: " + command);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", ex);
        }
        if (process.exitValue() != 0)
        {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n" +
                Files.readString(log));
        }
    }

    /**
     * One temporary directory per JVM, created on first use and deleted at exit.
     */
    private static final class Directory
    {
        static final Path PATH = create();

        private static Path create()
        {
            try
            {
                final Path dir = Files.createTempDirectory("wsnova-test-certs-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
                return dir;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        private static void deleteRecursively(final Path dir)
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (final IOException ignore)
            {
                // best effort at exit
            }
        }
    }
}
