package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way a job of any type is submitted, with the one idempotency rule: an {@code Idempotency-Key} (trimmed,
 * at most {@value #MAX_KEY_LENGTH} characters) names one job per tenant and job type. A request that repeats a key
 * gets the job the first request with it submitted, whether it comes later or at the same moment.
 *
 * <p>Not transactional on purpose: when the unique index refuses a concurrent twin, the submission's transaction
 * is lost, and the first job is read in a new one.
 */
@ApplicationScoped
public class JobSubmissions {

    static final int MAX_KEY_LENGTH = 200;

    @Inject
    JobLifecycle lifecycle;

    /** The key a request sent, trimmed; null when it sent none (or only blanks); 400 when it is too long. */
    public static String idempotencyKey(String sent) {
        if (sent == null || sent.isBlank()) {
            return null;
        }
        String key = sent.trim();
        if (key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalidField("Idempotency-Key", "INVALID_IDEMPOTENCY_KEY",
                    "Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    /** The job an earlier request of this tenant submitted with this key for this type; none without a key. */
    public Optional<Job> earlier(UUID tenantId, JobType type, String idempotencyKey) {
        return idempotencyKey == null ? Optional.empty()
                : lifecycle.byIdempotencyKey(tenantId, type, idempotencyKey);
    }

    /** Queues the job, or returns the job an earlier or concurrent request with its key queued. */
    public Job submit(Job job) {
        try {
            return lifecycle.submit(job);
        } catch (RuntimeException e) {
            // Submissions of a tenant take turns (see JobLifecycle.submit), so a twin normally finds the first
            // job there; should the unique index still refuse one, the first one's job is the answer all the same.
            Optional<Job> first = earlier(job.tenantId(), job.type(), job.idempotencyKey());
            if (first.isPresent()) {
                return first.get();
            }
            throw e;
        }
    }
}
