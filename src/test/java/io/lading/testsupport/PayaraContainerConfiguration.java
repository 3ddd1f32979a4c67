package io.lading.testsupport;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** Where {@link PayaraContainer} finds Payara and the WAR, and where its domain lives (arquillian.xml). */
public class PayaraContainerConfiguration implements ContainerConfiguration {

    private String payaraHome;
    private String domainsDirectory;
    private int portBase;
    private String war;

    @Override
    public void validate() throws ConfigurationException {
        if (payaraHome == null || domainsDirectory == null || war == null || portBase <= 0) {
            throw new ConfigurationException("payaraHome, domainsDirectory, portBase and war are required");
        }
    }

    public String getPayaraHome() {
        return payaraHome;
    }

    public void setPayaraHome(String payaraHome) {
        this.payaraHome = payaraHome;
    }

    public String getDomainsDirectory() {
        return domainsDirectory;
    }

    public void setDomainsDirectory(String domainsDirectory) {
        this.domainsDirectory = domainsDirectory;
    }

    public int getPortBase() {
        return portBase;
    }

    public void setPortBase(int portBase) {
        this.portBase = portBase;
    }

    public String getWar() {
        return war;
    }

    public void setWar(String war) {
        this.war = war;
    }
}
