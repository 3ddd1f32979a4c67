package io.lading.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The one place that names server resources. The names resolve through the WAR's resource references
 * (WEB-INF/web.xml), which each server maps to its own JNDI names (jboss-web.xml, glassfish-web.xml).
 */
@ApplicationScoped
public class Resources {

    @Resource(name = "jdbc/lading")
    private DataSource dataSource;

    @Produces
    @LadingDatabase
    public DataSource dataSource() {
        return dataSource;
    }
}
