# One image per application, built from the repository root:
#   docker build --build-arg MODULE=authz-server --build-arg PORT=9000 -t countersign/authz-server .
#   docker build --build-arg MODULE=demo-api --build-arg PORT=8080 -t countersign/demo-api .
ARG MODULE=authz-server

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -ntp -DskipTests -pl ${MODULE} -am package \
    && cp ${MODULE}/target/*-exec.jar /src/app.jar

FROM eclipse-temurin:17-jre
ARG PORT=9000
ENV PORT=${PORT}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app countersign
WORKDIR /app
COPY --from=build /src/app.jar /app/app.jar
USER countersign
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=6 \
    CMD curl -fsS "http://localhost:${PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
