package io.lading.webhooks.control;

import io.lading.platform.Cursor;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.webhooks.entity.DeliveryStatus;
import io.lading.webhooks.entity.Webhook;
import io.lading.webhooks.entity.WebhookDelivery;
import io.lading.webhooks.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Endpoints and their deliveries, by owner: a tenant ({@code owner} = its id) sees only its own endpoints,
 * operators ({@code owner} = null) only the endpoints for every tenant. Another owner's ids answer 404.
 */
@ApplicationScoped
@Transactional
public class WebhookRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    /** A new endpoint and its secret, which is returned only here. */
    public record Registered(Webhook webhook, String secret) {
    }

    public Registered register(UUID owner, String url, List<String> events) {
        String checkedUrl = AddressPolicy.system(settings.allowPrivate()).check(url).toString();
        Webhook webhook = new Webhook(owner, checkedUrl, parse(events), newSecret());
        em.persist(webhook);
        return new Registered(webhook, webhook.secret());
    }

    static Set<WebhookEvent> parse(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ProblemException.invalidField("events", "INVALID_OPTION", "events must name at least one of "
                    + names());
        }
        Set<WebhookEvent> parsed = EnumSet.noneOf(WebhookEvent.class);
        for (String name : events) {
            WebhookEvent event = WebhookEvent.parse(name);
            if (event == null) {
                throw ProblemException.invalidField("events", "INVALID_OPTION",
                        "unknown event " + name + "; events are " + names());
            }
            parsed.add(event);
        }
        return parsed;
    }

    private static String names() {
        return String.join(", ", EnumSet.allOf(WebhookEvent.class).stream().map(WebhookEvent::apiName).toList());
    }

    /** 32 random bytes, URL-safe; "whsec_" tells a leaked one apart in logs and scanners. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public List<Webhook> list(UUID owner) {
        String order = " order by w.createdAt desc, w.id desc";
        return owner == null
                ? em.createQuery("select w from Webhook w where w.tenantId is null" + order, Webhook.class).getResultList()
                : em.createQuery("select w from Webhook w where w.tenantId = :owner" + order, Webhook.class)
                        .setParameter("owner", owner).getResultList();
    }

    public Webhook find(UUID owner, UUID id) {
        Webhook webhook = em.find(Webhook.class, id);
        if (webhook == null || (owner == null ? webhook.tenantId() != null : !owner.equals(webhook.tenantId()))) {
            throw ProblemException.notFound("Webhook " + id);
        }
        return webhook;
    }

    /** Deletes the endpoint and its deliveries (pending ones are not sent). */
    public void delete(UUID owner, UUID id) {
        em.remove(find(owner, id));
    }

    /** A page of an endpoint's deliveries, newest first. */
    public Page<WebhookDelivery> deliveries(UUID owner, UUID webhookId, Integer limit, String cursor) {
        find(owner, webhookId);
        int pageSize = Cursor.limit(limit, 50, 500);
        Cursor after = Cursor.decode(cursor);
        var query = em.createQuery("select d from WebhookDelivery d where d.webhookId = :w"
                        + (after == null ? "" : " and (d.createdAt < :at or (d.createdAt = :at and d.id < :id))")
                        + " order by d.createdAt desc, d.id desc", WebhookDelivery.class)
                .setParameter("w", webhookId).setMaxResults(pageSize + 1);
        if (after != null) {
            query.setParameter("at", after.createdAt()).setParameter("id", after.id());
        }
        return Page.of(query.getResultList(), pageSize, d -> new Cursor(d.createdAt(), d.id()));
    }

    /** Sends a delivery again, under its id and body, with a fresh retry window. */
    public WebhookDelivery resend(UUID owner, UUID webhookId, UUID deliveryId) {
        find(owner, webhookId);
        WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null || !delivery.webhookId().equals(webhookId)) {
            throw ProblemException.notFound("Delivery " + deliveryId);
        }
        if (delivery.status() == DeliveryStatus.PENDING && delivery.attempts() == 0) {
            return delivery; // not sent yet: it goes out anyway
        }
        delivery.resend(settings.retryWindow());
        return delivery;
    }

    /** Every delivery of one job, to any endpoint, newest first (the console's job page; operators only). */
    public List<WebhookDelivery> deliveriesOfJob(UUID jobId) {
        return em.createQuery("select d from WebhookDelivery d where d.jobId = :j order by d.createdAt desc, d.id desc",
                        WebhookDelivery.class)
                .setParameter("j", jobId).setMaxResults(100).getResultList();
    }
}
