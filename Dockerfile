# Caly: build the jar with Maven, run it on a JRE as an unprivileged user.

# --- Build -----------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline

COPY src ./src
RUN mvn -B -ntp -Dmaven.test.skip=true -Dspotless.check.skip=true package \
    && cp target/caly-*.jar /build/caly.jar

# --- Runtime ---------------------------------------------------------------
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 caly \
    && useradd --system --uid 10001 --gid caly --home-dir /app --shell /usr/sbin/nologin caly \
    && mkdir -p /app/data \
    && chown caly:caly /app/data

WORKDIR /app
COPY --from=build /build/caly.jar /app/caly.jar

USER caly

# The platform usually sets PORT; the app reads it (server.port: ${PORT:8080}).
ENV PORT=8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080

# No HEALTHCHECK: the image has no curl. Platforms probe /actuator/health/readiness (see docs/deploy.md).
ENTRYPOINT ["java", "-jar", "/app/caly.jar"]
