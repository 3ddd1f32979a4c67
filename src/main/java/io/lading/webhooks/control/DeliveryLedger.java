package io.lading.webhooks.control;

import io.lading.webhooks.entity.WebhookAttempt;
import io.lading.webhooks.entity.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The worker's side of the outbox, each step a short transaction of its own (never one held open while a request
 * is on the wire). Claiming takes due rows with {@code FOR UPDATE SKIP LOCKED} and leases them, so nodes polling at
 * once never take the same row, and a row whose node died while sending is due again when its lease ends.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class DeliveryLedger {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    /** A claimed delivery, with what sending it needs. */
    public record Due(UUID id, String event, String body, String url, String secret) {
    }

    /**
     * Up to {@code limit} due deliveries, oldest due first, at most {@code endpointConcurrency} per endpoint
     * counting the ones already in flight anywhere: an endpoint that hangs holds that many, never every slot.
     */
    public List<Due> claim(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        update webhook_deliveries d set lease_until = now() + make_interval(secs => ?1)
                          from webhooks w
                         where w.id = d.webhook_id
                           and d.id in (
                               select c.id from webhook_deliveries c
                                where c.id in (
                                      select ranked.id from (
                                             select p.id, p.webhook_id,
                                                    row_number() over (partition by p.webhook_id
                                                                       order by p.next_attempt_at, p.id) as place
                                               from webhook_deliveries p
                                              where p.status = 'PENDING' and p.next_attempt_at <= now()
                                                and (p.lease_until is null or p.lease_until < now())) ranked
                                       where ranked.place + (select count(*) from webhook_deliveries busy
                                                              where busy.webhook_id = ranked.webhook_id
                                                                and busy.status = 'PENDING'
                                                                and busy.lease_until >= now()) <= ?2)
                                order by c.next_attempt_at
                                limit ?3
                                  for update skip locked)
                        returning d.id, d.event, d.body, w.url, w.secret""")
                .setParameter(1, (double) settings.lease().toSeconds())
                .setParameter(2, settings.endpointConcurrency())
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(r -> new Due((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4]))
                .toList();
    }

    /** Records an attempt and what follows from it; nothing when the endpoint was deleted meanwhile. */
    public void recordAttempt(UUID deliveryId, OffsetDateTime startedAt, Integer statusCode, String error,
                              long durationMillis) {
        WebhookDelivery delivery = em.find(WebhookDelivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null) {
            return;
        }
        em.persist(new WebhookAttempt(deliveryId, startedAt, statusCode, error == null ? null : clip(error),
                durationMillis));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        delivery.attempted(statusCode, error == null ? null : clip(error), now,
                DeliveryBackoff.nextAttempt(now, delivery.attempts() + 1, settings.backoffBase(),
                        settings.backoffMax(), delivery.retryUntil()));
    }

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
