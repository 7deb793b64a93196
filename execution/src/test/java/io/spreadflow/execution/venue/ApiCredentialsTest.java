package io.spreadflow.execution.venue;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiCredentialsTest {

    private static final String KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    @Test
    void keepsTheSecretOutOfEveryStringForm() {
        ApiCredentials c = new ApiCredentials(KEY, SECRET);
        for (String s : List.of(c.toString(), QuerySigner.binance(c).toString(), new GateSigner(c).toString())) {
            assertThat(s).doesNotContain(SECRET).doesNotContain(KEY).doesNotContain(SECRET.substring(0, 8));
        }
    }

    @Test
    void readsCredentialsFromTheEnvironmentOrFiles() throws Exception {
        ApiCredentials env = ApiCredentials.fromEnvironment("BINANCE", Map.of("BINANCE_API_KEY", KEY, "BINANCE_API_SECRET", SECRET));
        assertThat(env.apiKey()).isEqualTo(KEY);
        Path dir = Files.createTempDirectory("creds");
        Files.writeString(dir.resolve("key"), KEY + "\n");
        Files.writeString(dir.resolve("secret"), SECRET + "\n");
        ApiCredentials files = ApiCredentials.fromEnvironment("BINANCE",
                Map.of("BINANCE_API_KEY_FILE", dir.resolve("key").toString(), "BINANCE_API_SECRET_FILE", dir.resolve("secret").toString()));
        assertThat(QuerySigner.binance(files).sign("x")).isEqualTo(QuerySigner.binance(env).sign("x"));
        assertThatThrownBy(() -> ApiCredentials.fromEnvironment("MEXC", Map.of())).hasMessageContaining("MEXC_API_KEY");
    }
}
