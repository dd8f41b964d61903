package io.github.notionsync.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresDatabaseExtensionIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    @Order(1)
    void givesTheClassItsOwnDatabase() throws Exception {
        assertThat(postgres.database().name()).startsWith("nst_postgresdatabaseextens_");
        try (Connection c = postgres.database().openConnection(); Statement s = c.createStatement()) {
            assertThat(c.getCatalog()).isEqualTo(postgres.database().name());
            s.execute("CREATE TABLE shared_by_the_class (id int)");
        }
    }

    @Test
    @Order(2)
    void injectsTheSameDatabaseAsAParameter(TestDatabase db) throws Exception {
        assertThat(db).isSameAs(postgres.database());
        try (Connection c = db.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM shared_by_the_class")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void prefixIsAValidIdentifier() {
        assertThat(PostgresDatabaseExtension.prefix(PostgresDatabaseExtensionIT.class))
                .matches("[a-z][a-z0-9_]{0,29}");
    }
}
