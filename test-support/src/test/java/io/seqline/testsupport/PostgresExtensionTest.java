package io.seqline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @Test
    void insertedRowIsSelected() throws SQLException {
        execute("create table if not exists pe_notes(id int primary key, body text);"
                + "insert into pe_notes values (1, 'hello')");

        assertThat(selectBody("pe_notes", 1)).isEqualTo("hello");
    }

    @Test
    void serverRestartKeepsTheData() throws SQLException {
        execute("create table if not exists pe_durable(id int primary key, body text);"
                + "insert into pe_durable values (7, 'kept')");

        postgres.stopServer();
        postgres.startServer();

        assertThat(selectBody("pe_durable", 7)).isEqualTo("kept");
    }

    @Test
    void credentialsAndDataSourceReachTheSameServer() throws SQLException {
        try (Connection viaUrl = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Connection viaDataSource = postgres.dataSource().getConnection()) {
            assertThat(viaUrl.isValid(5)).isTrue();
            assertThat(viaDataSource.isValid(5)).isTrue();
        }
        assertThat(postgres.mode()).isIn("external", "testcontainers", "embedded");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String selectBody(String table, int id) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select body from " + table + " where id = " + id)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
