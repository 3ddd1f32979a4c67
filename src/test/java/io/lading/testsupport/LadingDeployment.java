package io.lading.testsupport;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR exactly as the build packaged it: integration tests run against the real artifact. */
public final class LadingDeployment {

    private LadingDeployment() {
    }

    public static WebArchive war() {
        File war = new File(System.getProperty("lading.test.war", "target/lading.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
