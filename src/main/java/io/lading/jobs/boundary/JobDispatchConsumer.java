package io.lading.jobs.boundary;

import io.lading.jobs.control.JobRunner;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes jobs off the queue and runs each on this thread until it settles. The queue is named here, in the
 * standard properties both servers read; the number of sessions (= jobs a node runs at once), prefetch and
 * redelivery are broker settings in each server's descriptor (WEB-INF/jboss-ejb3.xml, glassfish-ejb-jar.xml).
 * Bean-managed: batch jobs must start outside a container transaction, and every decision about the job
 * commits on its own.
 */
@MessageDriven(name = "JobDispatchConsumer", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "jms/lading/jobs")})
@TransactionManagement(TransactionManagementType.BEAN)
public class JobDispatchConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(JobDispatchConsumer.class.getName());

    @Inject
    JobRunner runner;

    @Override
    public void onMessage(Message message) {
        UUID jobId;
        try {
            jobId = UUID.fromString(((TextMessage) message).getText());
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Dropping a job message that names no job", e);
            return;
        }
        // Failures propagate: the broker redelivers the message, and the job row decides what a redelivery does.
        runner.run(jobId);
    }
}
