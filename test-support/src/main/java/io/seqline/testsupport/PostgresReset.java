package io.seqline.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Empties every table of every non-system schema in one {@code TRUNCATE ... RESTART IDENTITY CASCADE},
 * keeping Flyway's history tables ({@code flyway_schema_history*}) so migrations are not re-run.
 */
final class PostgresReset {

    private static final String USER_TABLES = """
            select quote_ident(schemaname) || '.' || quote_ident(tablename)
            from pg_catalog.pg_tables
            where schemaname not in ('pg_catalog', 'information_schema')
              and schemaname not like 'pg\\_%'
              and tablename not like 'flyway\\_schema\\_history%'
            """;

    private PostgresReset() {
    }

    static void truncateAll(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(USER_TABLES)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                statement.execute("truncate table " + String.join(", ", tables) + " restart identity cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot truncate test tables", e);
        }
    }
}
