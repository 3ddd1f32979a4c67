package io.lading.testsupport;

import io.lading.devstack.PayaraProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A Payara domain of a test's own (fresh at every run), for tests that kill and restart the server. */
public final class PayaraServerProcess implements KillableServer {

    private final PayaraProcess payara;
    private final Path war;
    private boolean created;

    PayaraServerProcess(Path payaraHome, Path domains, Path war, int portBase, Map<String, String> environment) {
        this.payara = new PayaraProcess(Path.of("").toAbsolutePath(), payaraHome, domains, portBase, environment,
                domains.resolve("console.log"));
        this.war = war;
    }

    /** The first start makes the domain and deploys the WAR; a start after a kill boots what was deployed. */
    @Override
    public void start() throws IOException, InterruptedException {
        if (!created) {
            payara.deleteDomain();
            payara.createDomainIfChanged();
            created = true;
        }
        payara.start();
        payara.deploy(war);
    }

    @Override
    public void awaitReady(Duration timeout) throws InterruptedException {
        payara.awaitReady(timeout);
    }

    @Override
    public void kill() throws InterruptedException {
        payara.kill();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + payara.httpPort();
    }

    @Override
    public Path serverLog() {
        return payara.serverLog();
    }

    @Override
    public Optional<ProcessHandle> jvm() {
        return payara.jvm();
    }

    @Override
    public void close() {
        payara.close();
    }

    @Override
    public String toString() {
        return payara.toString();
    }
}
