package io.lading.testsupport;

import io.lading.devstack.PayaraProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Arquillian's container for Payara, which has no managed connector for Payara 6 on Maven Central: a fresh domain
 * made by {@code server/payara/create-domain}, started and stopped with {@code asadmin} ({@link PayaraProcess}).
 * It deploys the WAR file the build made, the very file the WildFly run tests, not a copy of the archive.
 */
public class PayaraContainer implements DeployableContainer<PayaraContainerConfiguration> {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private PayaraContainerConfiguration configuration;
    private PayaraProcess payara;

    @Override
    public Class<PayaraContainerConfiguration> getConfigurationClass() {
        return PayaraContainerConfiguration.class;
    }

    @Override
    public void setup(PayaraContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        Path domains = Path.of(configuration.getDomainsDirectory());
        payara = new PayaraProcess(Path.of("").toAbsolutePath(), Path.of(configuration.getPayaraHome()), domains,
                configuration.getPortBase(), Map.of("LADING_NODE_ID", "it-node"), domains.resolve("console.log"));
        try {
            payara.deleteDomain();
            payara.createDomainIfChanged();
            payara.start();
        } catch (IOException | RuntimeException e) {
            payara.close();
            throw new LifecycleException("Payara did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            payara.close();
            throw new LifecycleException("Interrupted while starting Payara", e);
        }
    }

    @Override
    public void stop() {
        if (payara != null) {
            payara.close();
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return ProtocolDescription.DEFAULT;
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        Path war = Path.of(configuration.getWar());
        if (!archive.getName().equals(war.getFileName().toString())) {
            throw new DeploymentException("Only the built WAR (" + war + ") is deployed, not " + archive.getName());
        }
        try {
            payara.deploy(war);
            payara.awaitReady(READY_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("Could not deploy " + war + " to Payara; see " + payara.serverLog(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("Interrupted while deploying " + war, e);
        }
        return new ProtocolMetaData().addContext(new HTTPContext("127.0.0.1", payara.httpPort()));
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            payara.undeploy();
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("Could not undeploy from Payara", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("Interrupted while undeploying", e);
        }
    }
}
