package io.spreadflow.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.spreadflow.cli.SpreadflowCli;
import io.spreadflow.job.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the compose file is checked statically: the services
 * and images it promises, its ports, its references between services and to Dockerfiles, and that
 * every command it gives our images is one the CLI and the job actually accept.
 */
class DockerComposeTest {

    private static final Path DOCKER = Path.of(System.getProperty("spreadflow.root", "..")).resolve("docker");
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readCompose() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        services = compose.get("services");
    }

    @Test
    void hasKafkaFlinkJobExecutionAndFeedServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "jobmanager", "taskmanager", "job", "execution", "feed", "topics", "prometheus", "grafana");
    }

    @Test
    void imagesMatchTheVersionsTheProjectIsBuiltWith() {
        String kafkaVersion = AppInfoParser.getVersion();
        String flinkVersion = EnvironmentInformation.getVersion();
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(services.at("/jobmanager/image").asText()).startsWith("flink:" + flinkVersion + "-java17");
        assertThat(services.at("/taskmanager/image").asText()).isEqualTo(services.at("/jobmanager/image").asText());
        assertThat(services.at("/jobmanager/command").asText()).isEqualTo("jobmanager");
        assertThat(services.at("/taskmanager/command").asText()).isEqualTo("taskmanager");
    }

    @Test
    void kafkaRunsKraftWithoutTimeRetentionAndListensWhereClientsConnect() {
        JsonNode env = services.at("/kafka/environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_LOG_RETENTION_MS").asText()).isEqualTo("-1");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("PLAINTEXT://kafka:9092");
        for (String svc : List.of("topics", "execution", "feed", "job")) {
            String cmd = String.join(" ", command(svc));
            assertThat(cmd).as(svc).contains("kafka:9092");
        }
    }

    @Test
    void publishedPortsAreDistinctAndTheDocumentedOnes() {
        Set<String> hostPorts = new HashSet<>();
        services.fields().forEachRemaining(e -> {
            JsonNode ports = e.getValue().get("ports");
            if (ports == null) return;
            for (JsonNode p : ports) {
                // HOST:CONTAINER or IP:HOST:CONTAINER
                String[] parts = p.asText().split(":");
                String host = parts[parts.length - 2];
                assertThat(hostPorts.add(host)).as("host port %s published twice", host).isTrue();
            }
        });
        assertThat(hostPorts).contains("8081", "9094", "8090", "9090", "3000");
        assertThat(services.at("/jobmanager/ports/0").asText()).isEqualTo("127.0.0.1:8081:8081");
        assertThat(services.at("/execution/ports/0").asText()).endsWith(":" + option(command("execution"), "--port"));
    }

    @Test
    void everyPublishedPortIsBoundToTheLoopbackInterface() {
        List<String> exposed = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            JsonNode ports = e.getValue().get("ports");
            if (ports == null) return;
            for (JsonNode p : ports) if (!p.asText().startsWith("127.0.0.1:")) exposed.add(e.getKey() + " " + p.asText());
        });
        assertThat(exposed).as("ports published on every interface").isEmpty();
    }

    @Test
    void dependenciesNameExistingServices() {
        services.fields().forEachRemaining(e -> {
            JsonNode deps = e.getValue().get("depends_on");
            if (deps == null) return;
            List<String> names = new ArrayList<>();
            if (deps.isArray()) deps.forEach(d -> names.add(d.asText()));
            else deps.fieldNames().forEachRemaining(names::add);
            for (String d : names) assertThat(services.has(d)).as("%s depends on unknown service %s", e.getKey(), d).isTrue();
        });
    }

    @Test
    void dockerfilesExistAndStartClassesThatExist() throws Exception {
        Pattern mainClass = Pattern.compile("\"(io\\.spreadflow\\.[A-Za-z.]+)\"");
        List<JsonNode> builds = new ArrayList<>();
        services.forEach(s -> { if (s.has("build")) builds.add(s.get("build")); });
        assertThat(builds).isNotEmpty();
        for (JsonNode build : builds) {
            Path context = DOCKER.resolve(build.get("context").asText()).normalize();
            Path dockerfile = context.resolve(build.get("dockerfile").asText());
            assertThat(dockerfile).exists();
            String text = Files.readString(dockerfile);
            assertThat(text).contains("FROM ");
            Matcher m = mainClass.matcher(text);
            while (m.find()) assertThat(Class.forName(m.group(1))).isNotNull();
        }
    }

    @Test
    void commandsGivenToTheSpreadflowImageAreAcceptedByTheCli() {
        services.fields().forEachRemaining(e -> {
            if (!"spreadflow:latest".equals(e.getValue().path("image").asText())) return;
            String[] args = command(e.getKey()).toArray(String[]::new);
            assertThatCode(() -> SpreadflowCli.commandLine().parseArgs(args))
                    .as("service %s: spreadflow %s", e.getKey(), String.join(" ", args))
                    .doesNotThrowAnyException();
        });
    }

    @Test
    void jobSubmissionPassesArgumentsTheJobAccepts() {
        List<String> cmd = command("job");
        assertThat(cmd.subList(0, 2)).containsExactly("flink", "run");
        int jar = cmd.indexOf("/opt/spreadflow/spreadflow-job.jar");
        assertThat(jar).isPositive();
        String[] jobArgs = cmd.subList(jar + 1, cmd.size()).toArray(String[]::new);
        assertThatCode(() -> JobOptions.fromArgs(jobArgs)).doesNotThrowAnyException();
        assertThat(cmd.get(cmd.indexOf("-m") + 1)).isEqualTo("jobmanager:8081");
    }

    @Test
    void flinkPropertiesUseRocksDbAndCheckpoints() {
        String props = services.at("/jobmanager/environment/FLINK_PROPERTIES").asText();
        assertThat(props).contains("jobmanager.rpc.address: jobmanager", "state.backend.type: rocksdb",
                "execution.checkpointing.interval:");
        assertThat(services.at("/taskmanager/environment/FLINK_PROPERTIES").asText()).isEqualTo(props);
    }

    @Test
    void flinkLoadsThePrometheusReporterOfItsOwnVersion() {
        String flinkVersion = EnvironmentInformation.getVersion();
        for (String svc : List.of("jobmanager", "taskmanager")) {
            assertThat(services.at("/" + svc + "/environment/FLINK_PROPERTIES").asText()).as(svc)
                    .contains("metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                            "metrics.reporter.prom.port: 9249");
            assertThat(services.at("/" + svc + "/environment/ENABLE_BUILT_IN_PLUGINS").asText()).as(svc)
                    .isEqualTo("flink-metrics-prometheus-" + flinkVersion + ".jar");
        }
    }

    @Test
    void prometheusAndGrafanaListenOnLoopbackOnlyAndMountFilesThatExist() {
        for (String svc : List.of("prometheus", "grafana")) {
            JsonNode ports = services.at("/" + svc + "/ports");
            assertThat(ports.size()).as(svc).isPositive();
            ports.forEach(p -> assertThat(p.asText()).as(svc).startsWith("127.0.0.1:"));
            services.at("/" + svc + "/volumes").forEach(v -> {
                String source = v.asText().split(":")[0];
                if (source.startsWith(".")) assertThat(DOCKER.resolve(source).normalize()).as("%s mounts %s", svc, source).exists();
                else assertThat(compose.at("/volumes").has(source)).as("%s uses volume %s", svc, source).isTrue();
            });
        }
    }

    @Test
    void prometheusScrapesFlinkTheServiceWithItsTokenAndTheFeed() throws IOException {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        java.util.Map<String, JsonNode> jobs = new java.util.HashMap<>();
        config.get("scrape_configs").forEach(j -> jobs.put(j.get("job_name").asText(), j));
        assertThat(jobs).containsKeys("flink", "execution", "feed");
        assertThat(jobs.get("flink").at("/static_configs/0/targets").toString()).contains("jobmanager:9249", "taskmanager:9249");
        assertThat(jobs.get("execution").at("/static_configs/0/targets/0").asText())
                .isEqualTo("execution:" + option(command("execution"), "--port"));
        assertThat(jobs.get("execution").at("/authorization/type").asText()).isEqualTo("Bearer");
        // the file the entrypoint writes from the .env token
        String tokenFile = jobs.get("execution").at("/authorization/credentials_file").asText();
        assertThat(String.join(" ", command("prometheus", "entrypoint"))).contains("> " + tokenFile, "$SPREADFLOW_EXECUTION_TOKEN");
        assertThat(services.at("/prometheus/environment/SPREADFLOW_EXECUTION_TOKEN").asText()).contains("SPREADFLOW_EXECUTION_TOKEN");
        List<String> feed = command("live-feed");
        assertThat(jobs.get("feed").at("/static_configs/0/targets/0").asText()).isEqualTo("live-feed:" + option(feed, "--metrics-port"));
        assertThat(option(feed, "--metrics-host")).isEqualTo("0.0.0.0");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboardFolder() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode ds = yaml.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile()).at("/datasources/0");
        assertThat(ds.get("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = yaml.readTree(DOCKER.resolve("grafana/provisioning/dashboards/spreadflow.yaml").toFile()).at("/providers/0");
        String path = provider.at("/options/path").asText();
        String mounted = null;
        for (JsonNode v : services.at("/grafana/volumes")) if (v.asText().split(":")[1].equals(path)) mounted = v.asText().split(":")[0];
        assertThat(mounted).as("the provider's path is mounted").isNotNull();
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve(mounted).resolve("spreadflow.json").toFile());
        dashboard.get("panels").forEach(p -> {
            if (p.has("datasource")) assertThat(p.at("/datasource/uid").asText()).as(p.get("title").asText()).isEqualTo(ds.get("uid").asText());
        });
    }

    private static List<String> command(String service) {
        return command(service, "command");
    }

    private static List<String> command(String service, String field) {
        List<String> out = new ArrayList<>();
        services.get(service).get(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String option(List<String> args, String name) {
        return args.get(args.indexOf(name) + 1);
    }
}
