package io.spreadflow.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A Flink session cluster through its REST API: upload a job jar ({@code /jars/upload}), run it
 * ({@code /jars/:id/run}), watch and cancel the job. What {@code flink run} does, without a Flink
 * distribution on this machine.
 */
public final class SessionClusterClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param restAddress e.g. {@code http://localhost:8081} */
    public SessionClusterClient(URI restAddress) {
        String s = restAddress.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    public URI restAddress() {
        return base;
    }

    /** The cluster overview ({@code /overview}): task managers, slots, jobs. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("overview");
    }

    /** Uploads a jar; returns the id under which the cluster keeps it. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "spreadflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(base.resolve("jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        JsonNode answer = send(req);
        String file = answer.path("filename").asText("");
        if (file.isEmpty()) throw new IOException("jar upload answered without a file name: " + answer);
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** Runs the uploaded jar's entry class with these program arguments; returns the job id. */
    public String runJar(String jarId, String entryClass, List<String> programArgs, int parallelism)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(programArgs));
        if (parallelism > 0) request.put("parallelism", parallelism);
        HttpRequest req = HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build();
        JsonNode answer = send(req);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) throw new IOException("run answered without a job id: " + answer);
        return jobId;
    }

    /** The job's state: CREATED, RUNNING, FAILED, CANCELED, FINISHED, … */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId).path("state").asText();
    }

    /** The job's details ({@code /jobs/:id}): state, vertices with their parallelism and state. */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("jobs/" + jobId);
    }

    /** The root cause of a failed job, if the cluster reports one. */
    public String rootException(String jobId) throws IOException, InterruptedException {
        JsonNode ex = get("jobs/" + jobId + "/exceptions");
        JsonNode history = ex.path("exceptionHistory").path("entries");
        if (history.isArray() && !history.isEmpty()) return history.get(0).path("stacktrace").asText();
        return ex.path("root-exception").asText("");
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        send(req);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IOException(req.method() + " " + req.uri() + " answered " + res.statusCode() + ": " + res.body());
        }
        String body = res.body();
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }
}
