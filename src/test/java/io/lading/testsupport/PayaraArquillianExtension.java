package io.lading.testsupport;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link PayaraContainer} when the tests run against Payara ({@code lading.test.server=payara}, set by
 * failsafe's Payara execution, whose class path leaves out the WildFly connector: Arquillian takes one container).
 */
public class PayaraArquillianExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if (TestServer.isPayara()) {
            builder.service(DeployableContainer.class, PayaraContainer.class);
        }
    }
}
