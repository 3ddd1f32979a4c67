package io.lading.webhooks.boundary;

import io.lading.platform.ProblemException;
import io.lading.platform.ServerResource;
import io.lading.webhooks.control.AddressPolicy;
import io.lading.webhooks.control.DeliveryLedger.Due;
import io.lading.webhooks.control.DeliveryLedger;
import io.lading.webhooks.control.WebhookSender.Outcome;
import io.lading.webhooks.control.WebhookSender;
import io.lading.webhooks.control.WebhookSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Sends due webhook deliveries, on every node (a non-persistent timer, every LADING_WEBHOOKS_WORKER_PERIOD_MILLIS).
 * Each tick claims at most as many deliveries as this node has free slots (LADING_WEBHOOKS_WORKER_CONCURRENCY) and
 * sends each on a thread of the worker's own managed pool, so a hanging endpoint holds one slot for one timeout, never a job's
 * thread or transaction, nor the deliveries queued behind it. The in-flight count is only this node's throttle:
 * which deliveries are claimed, by whom and until when is in the database.
 */
@Singleton
@Startup
// Its first tick comes two seconds after the start: on a new database, before the migrations had made its table.
@DependsOn("SchemaMigration")
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());

    @Resource
    TimerService timers;

    @Inject
    @ServerResource
    ManagedThreadFactory threads;

    @Inject
    DeliveryLedger ledger;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    private final AtomicInteger inFlight = new AtomicInteger();
    /** Threads of their own (managed ones), so hanging endpoints never hold threads the event streams need. */
    private ExecutorService executor;
    private WebhookSender sender;
    private AddressPolicy policy;

    @PostConstruct
    void start() {
        executor = Executors.newFixedThreadPool(settings.workerConcurrency(), threads);
        sender = new WebhookSender(settings.timeout());
        policy = AddressPolicy.system(settings.allowPrivate());
        next();
        if (settings.allowPrivate()) {
            LOG.warning("Webhooks may call loopback, private and link-local addresses (LADING_WEBHOOKS_ALLOW_PRIVATE=true)");
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow(); // attempts cut short are sent again when their lease ends
    }

    /**
     * One tick at a time: each schedules the next when it ends, so a slow tick (a busy database) never overlaps the
     * next one, as an interval timer's would.
     */
    private void next() {
        timers.createSingleActionTimer(settings.workerPeriod().toMillis(), new TimerConfig("webhook deliveries", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void tick() {
        try {
            poll();
        } finally {
            try {
                next();
            } catch (IllegalStateException e) {
                // The application is stopping: its timers are gone and so is this worker.
                LOG.fine(() -> "Webhook worker stopped: " + e);
            }
        }
    }

    private void poll() {
        int free = settings.workerConcurrency() - inFlight.get();
        if (free <= 0) {
            return;
        }
        List<Due> due;
        try {
            due = ledger.claim(free);
        } catch (RuntimeException e) {
            // The next tick tries again; a database that is down is reported by the readiness check.
            LOG.log(Level.FINE, "Claiming webhook deliveries failed", e);
            return;
        }
        for (Due delivery : due) {
            inFlight.incrementAndGet();
            try {
                executor.execute(() -> attempt(delivery));
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet(); // its lease runs out and a node takes it again
                LOG.warning(() -> "No thread for webhook delivery " + delivery.id() + ": " + e);
            }
        }
    }

    private void attempt(Due delivery) {
        try {
            OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
            long started = System.nanoTime();
            Outcome outcome;
            try {
                // Again at every attempt: the name may resolve to another address than when it was registered.
                URI url = policy.check(delivery.url());
                outcome = sender.send(url, delivery.id().toString(), delivery.event(), delivery.body(),
                        delivery.secret());
            } catch (ProblemException e) {
                outcome = new Outcome(null, e.code() + ": " + e.getMessage());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            ledger.recordAttempt(delivery.id(), startedAt, outcome.statusCode(), outcome.error(), millis);
            Outcome logged = outcome;
            LOG.fine(() -> "Webhook delivery " + delivery.id() + " " + delivery.event() + ": "
                    + (logged.statusCode() != null ? "HTTP " + logged.statusCode() : logged.error()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook delivery " + delivery.id() + " not recorded; its lease runs out and it is sent again", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
