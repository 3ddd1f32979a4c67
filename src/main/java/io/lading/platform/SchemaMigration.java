package io.lading.platform;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings the schema up to date before anything else touches the database. Flyway takes a PostgreSQL
 * advisory lock, so nodes starting together migrate once. Bean-managed: Flyway runs its own transactions.
 * The batch runtime and the timer service keep their own tables in the same database, and may create them
 * first: hence the baseline at version 0, below our first migration.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Inject
    @LadingDatabase
    DataSource dataSource;

    /**
     * Where the migrations are and how their history is kept, without the database: the one definition, which the
     * tests that migrate a database themselves use too.
     */
    public static FluentConfiguration configuration(ClassLoader classLoader) {
        return Flyway.configure(classLoader)
                .locations("classpath:db/migration")
                .table("lading_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }

    @PostConstruct
    void migrate() {
        Flyway flyway = configuration(getClass().getClassLoader()).dataSource(dataSource).load();
        var result = flyway.migrate();
        var current = flyway.info().current();
        LOG.info(() -> "Schema at version " + (current == null ? "none" : current.getVersion()) + " ("
                + result.migrationsExecuted + " migrations applied now)");
    }
}
