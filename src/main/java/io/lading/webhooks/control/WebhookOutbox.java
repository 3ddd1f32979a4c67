package io.lading.webhooks.control;

import io.lading.jobs.entity.Job;
import io.lading.webhooks.entity.Webhook;
import io.lading.webhooks.entity.WebhookDelivery;
import io.lading.webhooks.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Writes a delivery row for every endpoint that listens to a job's event, in the transaction of the status change
 * (MANDATORY: there is always one), so the event is sent iff the change commits. Nothing is sent from here.
 */
@ApplicationScoped
public class WebhookOutbox {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    /**
     * Records the deliveries of the job's event, if any endpoint listens to it; {@code render} gives the job's JSON
     * as {@code GET /api/jobs/{id}} shows it. It renders the job as stored (flushed and read back in this
     * transaction), so values such as timestamps are the ones a GET after the commit returns. Returns the deliveries
     * recorded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int record(Job job, Function<Job, String> render) {
        WebhookEvent event = WebhookEvent.of(job.status());
        if (event == null) {
            return 0;
        }
        List<Webhook> listening = em.createQuery("select w from Webhook w where w.tenantId = :t or w.tenantId is null",
                        Webhook.class)
                .setParameter("t", job.tenantId()).getResultStream().filter(w -> w.listensTo(event)).toList();
        if (listening.isEmpty()) {
            return 0;
        }
        em.flush();
        em.refresh(job);
        String jobJson = render.apply(job);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Webhook endpoint : listening) {
            UUID id = UUID.randomUUID();
            em.persist(new WebhookDelivery(id, endpoint.id(), job.tenantId(), job.id(), event,
                    body(id, event, now, jobJson), now, settings.retryWindow()));
        }
        return listening.size();
    }

    /** {@code {"id", "event", "occurredAt", "job"}}: fixed here, so every attempt sends the same bytes. */
    static String body(UUID id, WebhookEvent event, OffsetDateTime occurredAt, String jobJson) {
        JsonObject job = Json.createReader(new StringReader(jobJson)).readObject();
        return Json.createObjectBuilder()
                .add("id", id.toString())
                .add("event", event.apiName())
                .add("occurredAt", occurredAt.toString())
                .add("job", job)
                .build().toString();
    }
}
