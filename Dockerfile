# The order-saga app, built without the local stand-ins (-Dproduction). Build context: the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY parent/pom.xml parent/pom.xml
COPY src src
RUN mvn -B -ntp -Dproduction -Dmaven.test.skip=true package dependency:copy-dependencies -DincludeScope=runtime

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/classes classes
COPY --from=build /src/target/dependency lib
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "classes:lib/*", "app.OrderSagaApplication"]
