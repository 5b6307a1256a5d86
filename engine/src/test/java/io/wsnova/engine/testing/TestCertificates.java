package io.wsnova.engine.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
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
 * Self-signed certificates generated AT TEST TIME with {@code openssl} into a temporary directory (nothing secret
 * is checked in), plus the Java {@link SSLContext}s to serve and to trust them. When openssl is missing the calling
 * test is SKIPPED with a loud message. Certificates are cached per JVM and the directory is deleted at exit.
 */
public final class TestCertificates
{
    private static final long OPENSSL_TIMEOUT_MS = 30_000;
    private static final char[] KEY_PASSWORD = "test-only".toCharArray();
    private static final Map<String, TestCertificate> CACHE = new ConcurrentHashMap<>();

    private TestCertificates()
    {
    }

    /**
     * A generated certificate and its key.
     *
     * @param certPem     the certificate, PEM (for node).
     * @param keyPem      the private key, PEM (for node).
     * @param certificate the parsed certificate.
     * @param privateKey  the parsed key (from a PKCS#8 conversion of the PEM).
     */
    public record TestCertificate(Path certPem, Path keyPem, X509Certificate certificate, PrivateKey privateKey)
    {
        /**
         * A server-side context presenting this certificate (for Java-WebSocket's TLS server).
         */
        public SSLContext serverContext() throws GeneralSecurityException, IOException
        {
            final KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", privateKey, KEY_PASSWORD, new Certificate[]{certificate});
            final KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, KEY_PASSWORD);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        }

        /**
         * A client-side context that trusts this certificate and nothing else.
         */
        public SSLContext trustingContext() throws GeneralSecurityException, IOException
        {
            final KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("trusted", certificate);
            final TrustManagerFactory trustManagers =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        }
    }

    /**
     * CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1.
     */
    public static TestCertificate localhost() throws IOException, GeneralSecurityException, InterruptedException
    {
        return generate("localhost", "DNS:localhost,IP:127.0.0.1");
    }

    /**
     * CN=other.example without any subjectAltName: matches neither localhost nor 127.0.0.1.
     */
    public static TestCertificate otherName() throws IOException, GeneralSecurityException, InterruptedException
    {
        return generate("other.example", null);
    }

    /**
     * Generates (or returns the cached) self-signed RSA-2048 certificate valid for one day.
     *
     * @param commonName     the subject CN.
     * @param subjectAltName the subjectAltName extension value, or null for none.
     */
    public static TestCertificate generate(final String commonName, final String subjectAltName)
        throws IOException, GeneralSecurityException, InterruptedException
    {
        final String cacheKey = commonName + "|" + subjectAltName;
        final TestCertificate cached = CACHE.get(cacheKey);
        if (cached != null)
        {
            return cached;
        }
        final TestCertificate created = create(commonName, subjectAltName);
        final TestCertificate raced = CACHE.putIfAbsent(cacheKey, created);
        return raced != null ? raced : created;
    }

    private static TestCertificate create(final String commonName, final String subjectAltName)
        throws IOException, GeneralSecurityException, InterruptedException
    {
        final Path dir = Files.createTempDirectory(directory(), commonName + "-");
        final Path certPem = dir.resolve("cert.pem");
        final Path keyPem = dir.resolve("key.pem");
        final Path pkcs8Pem = dir.resolve("key.pk8.pem");

        final List<String> request = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048",
            "-nodes", "-days", "1", "-subj", "/CN=" + commonName, "-keyout", keyPem.toString(),
            "-out", certPem.toString()));
        if (subjectAltName != null)
        {
            request.add("-addext");
            request.add("subjectAltName=" + subjectAltName);
        }
        openssl(request);
        openssl(List.of("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", keyPem.toString(),
            "-out", pkcs8Pem.toString()));

        final X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certPem))
        {
            certificate = (X509Certificate)CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        final PrivateKey privateKey = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pkcs8Pem, "PRIVATE KEY")));
        return new TestCertificate(certPem, keyPem, certificate, privateKey);
    }

    private static byte[] pemBody(final Path pem, final String label) throws IOException
    {
        final String text = Files.readString(pem, StandardCharsets.US_ASCII);
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final int from = text.indexOf(begin);
        final int to = text.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new IOException(pem + " holds no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static void openssl(final List<String> command) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            final String reason = "the 'openssl' executable is not on the PATH (" + ex.getMessage() +
                "): run .ci/install-test-deps";
            System.err.println("SKIPPED (TLS certificates): " + reason);
            Assumptions.abort("cannot generate test certificates: " + reason);
            throw ex;
        }
        process.getOutputStream().close();
        final CompletableOutput output = new CompletableOutput(process.getInputStream());
        if (!process.waitFor(OPENSSL_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            throw new IOException("openssl did not finish within " + OPENSSL_TIMEOUT_MS + " ms: " + command);
        }
        if (process.exitValue() != 0)
        {
            throw new IOException("openssl failed (" + process.exitValue() + "): " + command + "\n" + output.text());
        }
    }

    private static Path directory()
    {
        return Directory.PATH;
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
                throw new java.io.UncheckedIOException(ex);
            }
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

    /**
     * Drains a process's output on a daemon thread so that it can never block on a full pipe.
     */
    private static final class CompletableOutput
    {
        private final StringBuilder text = new StringBuilder();
        private final Thread thread;

        CompletableOutput(final InputStream in)
        {
            thread = new Thread(() ->
            {
                try
                {
                    final String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (text)
                    {
                        text.append(all);
                    }
                }
                catch (final IOException ignore)
                {
                    // process gone
                }
            }, "openssl-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException
        {
            thread.join(1_000);
            synchronized (text)
            {
                return text.toString();
            }
        }
    }
}
