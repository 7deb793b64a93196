package io.spreadflow.job.cluster;

import io.spreadflow.connectors.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import java.nio.file.*;
import java.time.Duration;
import java.util.List;

class ScratchClusterITCase {
    @Test
    void up() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "cluster");
        TestClassPath cp = TestClassPath.current();
        System.out.println("DIST " + cp.flinkDistribution().size());
        Path jar = cp.assembleJobJar(Path.of("pom.xml"), dir.resolve("job.jar"), "io.spreadflow.job.SpreadflowJob");
        System.out.println("JAR " + Files.size(jar));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); StandaloneCluster c = StandaloneCluster.start(dir, cp.flinkDistribution(), 2, Duration.ofSeconds(60))) {
            kafka.createTopics();
            System.out.println("OVERVIEW " + c.client().overview());
            String id = c.client().uploadJar(jar);
            String job = c.client().runJar(id, "io.spreadflow.job.SpreadflowJob", List.of("--bootstrap", kafka.bootstrapServers()), 2);
            long end = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < end) { String st = c.client().jobState(job); System.out.println("STATE " + st); if (!st.equals("RUNNING") && !st.equals("CREATED") && !st.equals("INITIALIZING")) break; Thread.sleep(1000);}
            System.out.println("EXC " + c.client().rootException(job).lines().limit(5).toList());
        }
    }
}
