package io.spreadflow.execution.venue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A venue API key and its secret. They come from files or the environment, never from the command
 * line (which other users of the machine can read), and never appear in logs: {@link #toString()}
 * shows only the first four characters of the key.
 */
public final class ApiCredentials {

    private final String apiKey;
    private final byte[] secret;

    public ApiCredentials(String apiKey, String secret) {
        if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("API key is empty");
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("API secret is empty");
        this.apiKey = apiKey.trim();
        this.secret = secret.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads the key and the secret from two files (e.g. mounted secrets), trimming a final newline. */
    public static ApiCredentials fromFiles(Path keyFile, Path secretFile) throws IOException {
        return new ApiCredentials(Files.readString(keyFile), Files.readString(secretFile));
    }

    /**
     * Reads {@code <PREFIX>_API_KEY} and {@code <PREFIX>_API_SECRET}, or the files named by
     * {@code <PREFIX>_API_KEY_FILE} and {@code <PREFIX>_API_SECRET_FILE}, from {@code env}.
     */
    public static ApiCredentials fromEnvironment(String prefix, Map<String, String> env) throws IOException {
        String keyFile = env.get(prefix + "_API_KEY_FILE");
        String secretFile = env.get(prefix + "_API_SECRET_FILE");
        if (keyFile != null && secretFile != null) return fromFiles(Path.of(keyFile), Path.of(secretFile));
        String key = env.get(prefix + "_API_KEY");
        String secret = env.get(prefix + "_API_SECRET");
        if (key == null || secret == null) {
            throw new IllegalArgumentException("set " + prefix + "_API_KEY and " + prefix + "_API_SECRET, or " + prefix
                    + "_API_KEY_FILE and " + prefix + "_API_SECRET_FILE");
        }
        return new ApiCredentials(key, secret);
    }

    public String apiKey() {
        return apiKey;
    }

    /** A copy of the secret's bytes, for the signer. */
    byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "ApiCredentials[key=" + apiKey.substring(0, Math.min(4, apiKey.length())) + "…, secret=***]";
    }
}
