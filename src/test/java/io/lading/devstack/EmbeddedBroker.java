package io.lading.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The job broker: an Apache ActiveMQ Artemis server in this JVM, listening on 127.0.0.1 for the Artemis core
 * protocol, which every WildFly node reaches through its remote connector (server/wildfly/configure.cli).
 *
 * <p>The broker owns the queue's behaviour: the {@code jobs} queue (messages in priority order), its redelivery
 * delay doubling from 2 s up to a minute, and after 10 failed deliveries the dead-letter address {@code DLQ},
 * where the application's sweep notices the job was not run. Messages are persistent in a journal under
 * {@code dataDirectory}, so a broker restarted on the same directory still has them.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());

    public static final String JOBS = "jobs";
    public static final String DEAD_LETTERS = "DLQ";
    public static final String EXPIRED = "ExpiryQueue";

    private final EmbeddedActiveMQ server;
    private final int port;

    private EmbeddedBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker.
     *
     * @param keepData whether to reuse the journal a previous run left in {@code dataDirectory} (else it is
     *                 emptied first)
     */
    public static EmbeddedBroker start(int port, Path dataDirectory, boolean keepData) throws IOException {
        DataDirectory.prepare(dataDirectory, keepData);
        Configuration config = new ConfigurationImpl()
                .setName("lading-broker")
                .setPersistenceEnabled(true)
                // NIO, not AIO: no native library needed.
                .setJournalType(JournalType.NIO)
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // The journal of this broker holds a few MB; a share of a disk others fill says nothing about it,
                // and at the default (blocking producers once the disk is 90 % used) every submission hung.
                .setMaxDiskUsage(-1);
        try {
            config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        } catch (Exception e) {
            throw new IOException("Bad acceptor for port " + port, e);
        }
        for (String queue : new String[] {JOBS, DEAD_LETTERS, EXPIRED}) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        config.addAddressSetting(JOBS, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setRedeliveryDelay(2000).setRedeliveryMultiplier(2.0).setMaxRedeliveryDelay(60000)
                .setMaxDeliveryAttempts(10)
                // No prefetch for any client that does not ask otherwise: waiting jobs stay in the broker,
                // in priority order, for whichever node has a free session.
                .setDefaultConsumerWindowSize(0)
                .setAutoCreateQueues(false).setAutoCreateAddresses(false));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ().setConfiguration(config);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Nothing more to release.
            }
            throw new IOException("The Artemis broker did not start on port " + port, e);
        }
        LOG.info(() -> "Artemis broker is up at tcp://127.0.0.1:" + port + ", queue " + JOBS
                + " (journal in " + dataDirectory + ")");
        return new EmbeddedBroker(server, port);
    }

    public int port() {
        return port;
    }

    /** Messages waiting in a queue (delivered but unacknowledged ones included). */
    public long messageCount(String queue) {
        return server.getActiveMQServer().locateQueue(SimpleString.of(queue)).getMessageCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    @Override
    public String toString() {
        return "Artemis broker at 127.0.0.1:" + port;
    }
}
