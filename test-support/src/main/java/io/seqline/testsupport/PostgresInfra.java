package io.seqline.testsupport;

import io.seqline.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The PostgreSQL server behind {@link PostgresExtension}: external, a container or an embedded server. */
final class PostgresInfra implements AutoCloseable {

    static final String JDBC_ENV = "SEQLINE_TEST_POSTGRES_JDBC";
    static final String USER_ENV = "SEQLINE_TEST_POSTGRES_USER";
    static final String PASSWORD_ENV = "SEQLINE_TEST_POSTGRES_PASSWORD";
    static final String IMAGE = "postgres:16-alpine";

    final InfraMode mode;
    final String jdbcUrl;
    final String user;
    final String password;
    final PGSimpleDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final PostgreSQLContainer container;
    private final Path dataDir;

    private PostgresInfra(InfraMode mode, String jdbcUrl, String user, String password, EmbeddedPostgres embedded,
            PostgreSQLContainer container, Path dataDir) {
        this.mode = mode;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.container = container;
        this.dataDir = dataDir;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
    }

    static PostgresInfra start() {
        return switch (InfraMode.choose(JDBC_ENV)) {
            case EXTERNAL -> new PostgresInfra(InfraMode.EXTERNAL, InfraMode.env(JDBC_ENV),
                    InfraMode.env(USER_ENV, "postgres"), InfraMode.env(PASSWORD_ENV, "postgres"), null, null, null);
            case TESTCONTAINERS -> {
                PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
                container.start();
                yield new PostgresInfra(InfraMode.TESTCONTAINERS, container.getJdbcUrl(), container.getUsername(),
                        container.getPassword(), null, container, null);
            }
            case EMBEDDED -> {
                Path dir = TempDirs.create("postgres");
                EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("data"), 0);
                yield new PostgresInfra(InfraMode.EMBEDDED, postgres.jdbcUrl(), postgres.user(), postgres.password(),
                        postgres, null, dir);
            }
        };
    }

    /** The embedded server; aborts the calling test for other modes, which cannot be restarted in place. */
    EmbeddedPostgres embedded(String operation) {
        if (embedded == null) {
            Assumptions.abort(operation + " needs the embedded PostgreSQL server (mode: " + mode.label() + ")");
        }
        return embedded;
    }

    /** Brings a server that a test stopped back up, so a failed drill does not break later tests. */
    void ensureRunning() {
        if (embedded != null) {
            embedded.start();
        }
    }

    @Override
    public void close() {
        try {
            if (container != null) {
                container.stop();
            }
            if (embedded != null) {
                embedded.close();
            }
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}
