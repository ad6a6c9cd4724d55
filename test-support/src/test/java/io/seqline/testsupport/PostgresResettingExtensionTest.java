package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresResettingExtensionTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.resettingEachTest();

    @BeforeAll
    static void createSchema() throws SQLException {
        execute("create schema if not exists pr_app;"
                + "create table if not exists pr_app.flyway_schema_history(version text);"
                + "create table if not exists pr_app.parent(id bigserial primary key);"
                + "create table if not exists pr_app.child(id int primary key, parent_id bigint references pr_app.parent);"
                + "create table if not exists public.pr_plain(id int)");
    }

    @Test
    @Order(1)
    void firstTestFillsTables() throws SQLException {
        execute("insert into pr_app.flyway_schema_history values ('1');"
                + "insert into pr_app.parent default values;"
                + "insert into pr_app.child values (1, 1);"
                + "insert into public.pr_plain values (1)");

        assertThat(count("pr_app.child")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void nextTestSeesEmptyTablesButKeepsFlywayHistory() throws SQLException {
        assertThat(count("pr_app.parent")).isZero();
        assertThat(count("pr_app.child")).isZero();
        assertThat(count("public.pr_plain")).isZero();
        assertThat(count("pr_app.flyway_schema_history")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void identitiesRestartAfterTheReset() throws SQLException {
        execute("insert into pr_app.parent default values");

        assertThat(count("pr_app.parent where id = 1")).isEqualTo(1);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String from) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
