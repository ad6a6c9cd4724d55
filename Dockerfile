# syntax=docker/dockerfile:1
# One image recipe for every service: the Spring Boot layered jar (dependencies change rarely, the application
# often) on a Java 21 JRE. The code is compiled for Java 17 and runs on any newer JVM. Build the jars first,
# then the image of the service named by SERVICE, from the repository root:
#   ./mvnw -B package -DskipTests
#   docker build --build-arg SERVICE=gateway-service -t seqline/gateway-service:0.1.0 .
# (docker compose build does the second step for every service.) .dockerignore sends only the *-exec.jar files.

FROM eclipse-temurin:21-jre AS extract
# gateway-service, sequence-service, routing-service or history-service
ARG SERVICE
WORKDIR /build
# the runnable jar; the plain *.jar beside it is the library that standalone embeds
COPY ${SERVICE}/target/${SERVICE}-*-exec.jar application.jar
RUN test -n "${SERVICE}" \
    && java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
ARG SERVICE
LABEL org.opencontainers.image.title="seqline-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/seqline/seqline"
# a fixed non-root user (the Kubernetes manifests run as 10001 with runAsNonRoot)
RUN groupadd --system --gid 10001 seqline && useradd --system --uid 10001 --gid 10001 --no-create-home seqline
WORKDIR /app
COPY --from=extract /build/extracted/dependencies/ ./
COPY --from=extract /build/extracted/spring-boot-loader/ ./
COPY --from=extract /build/extracted/snapshot-dependencies/ ./
COPY --from=extract /build/extracted/application/ ./
USER 10001:10001
# Memory defaults: the heap follows the container's memory limit. Deployments replace this whole variable with
# caps that fit their limit (k8s Deployments, docker-compose.yml): heap percentage, MaxDirectMemorySize (which
# bounds Netty too, with io.netty.maxDirectMemory=0) and MaxMetaspaceSize. It is not on the java command line
# below because command-line flags override JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=40"
# Ports by service: gateway 8080 (WebSocket), 9090 (gRPC), 8081 (management); history 9091, 8082;
# sequence 9093, 8083; routing 8084 (management only). The deployments publish them.
# java is PID 1 (exec form) so SIGTERM reaches it: Spring shuts down gracefully (server.shutdown=graceful,
# spring.lifecycle.timeout-per-shutdown-phase).
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC", "org.springframework.boot.loader.launch.JarLauncher"]
