# Submits the shaded job jar to the session cluster with the Flink CLI of the official image.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package && cp job/target/spreadflow-job-*-job.jar /spreadflow-job.jar

FROM flink:2.2.1-java17
COPY --from=build /spreadflow-job.jar /opt/spreadflow/spreadflow-job.jar
