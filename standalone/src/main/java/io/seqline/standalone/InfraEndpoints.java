package io.seqline.standalone;

/** Where the infrastructure is: embedded, Testcontainers or external alike. */
public record InfraEndpoints(String kafkaBootstrap, String redisUrl, String postgresJdbc, String postgresUser,
                             String postgresPassword) {
}
