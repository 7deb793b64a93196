# The spreadflow CLI (topic setup, feeds, replay, execution service) as one image.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install \
 && mvn -B -q -pl job dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp job/target/spreadflow-job-*-SNAPSHOT.jar /out/lib/

FROM eclipse-temurin:17-jre
WORKDIR /opt/spreadflow
COPY --from=build /out/lib /opt/spreadflow/lib
ENTRYPOINT ["java", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", "/opt/spreadflow/lib/*", "io.spreadflow.cli.SpreadflowCli"]
