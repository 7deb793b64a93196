package io.spreadflow.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.testing.Intents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The service's own HTTPS, with a keystore made by the JDK's keytool, called by a client that trusts its certificate. */
class TlsITCase {

    private static final String TOKEN = "tls-test-token";
    private static final String PASSWORD = "keystore-pass-1";

    @TempDir
    Path dir;
    private Path keystore;
    private ExecutionService service;

    @BeforeEach
    void keystore() throws Exception {
        keystore = dir.resolve("service.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "execution", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    }

    @AfterEach
    void stop() {
        if (service != null) service.close();
    }

    private HttpClient trusting() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void servesTheApiOverHttpsOnly() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN)
                .withTls(keystore, PASSWORD));
        assertThat(service.baseUrl()).startsWith("https://127.0.0.1:");
        HttpClient https = trusting();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.sslSession()).isPresent();
        assertThat(health.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");

        var intent = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        intent.getLegs().forEach(l -> l.setLimitPrice(100.0));
        HttpResponse<String> posted = https.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/intents"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(IntentCodec.requestBody(List.of(intent)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode r = IntentCodec.mapper().readTree(posted.body());
        assertThat(r.get("intentId").asText()).isEqualTo(intent.getIntentId());
        assertThat(service.ledger().find(intent.getIntentId())).isPresent();

        // a client that does not trust the certificate gets no answer
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).hasMessageContaining("PKIX path building failed")
                .isInstanceOf(SSLHandshakeException.class);
        // and plain HTTP on the same port is not served
        Throwable plain = catchThrowable(() -> {
            HttpResponse<String> x = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(service.baseUrl().replace("https://", "http://") + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(x.statusCode()).isNotEqualTo(200);
        });
        if (plain != null) assertThat(plain).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir)
                .withApiToken(TOKEN).withTls(keystore, "not-the-password")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot serve HTTPS with keystore " + keystore);
        assertThatThrownBy(() -> service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir)
                .withApiToken(TOKEN).withTls(dir.resolve("missing.p12"), PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.p12");
    }
}
