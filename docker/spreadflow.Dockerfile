# The spreadflow CLI (feeds, replay, execution service, topic setup) as one image.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/spreadflow
COPY --from=build /src/job/target/spreadflow-cli.jar /opt/spreadflow/spreadflow-cli.jar
COPY --from=build /src/job/target/lib /opt/spreadflow/lib
ENTRYPOINT ["java", "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", "/opt/spreadflow/spreadflow-cli.jar:/opt/spreadflow/lib/*", "io.spreadflow.cli.SpreadflowCli"]
