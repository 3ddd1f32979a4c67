package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobEvent;
import io.lading.jobs.entity.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A job's timeline ({@code job_events}): append-only, in the order the lines were written. A line is one plain
 * insert in the caller's transaction; as an entity with a database-made id it took a second round trip to read the
 * id back, three times for every job, and nothing ever needed that id but the order.
 */
@ApplicationScoped
public class JobTimeline {

    @PersistenceContext
    EntityManager em;

    /** The job as it is now (status, attempt, node) and what happened, stamped with this node's clock. */
    void append(Job job, String message) {
        em.createNativeQuery("""
                        insert into job_events (job_id, at, status, attempt, node_id, message)
                        values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, job.id())
                .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(3, job.status().name())
                .setParameter(4, job.attempts())
                .setParameter(5, job.nodeId())
                .setParameter(6, message)
                .executeUpdate();
    }

    public List<JobEvent> events(UUID jobId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select at, status, attempt, node_id, message from job_events where job_id = ?1 order by id""")
                .setParameter(1, jobId)
                .getResultList();
        return rows.stream().map(r -> new JobEvent(utc(r[0]), JobStatus.valueOf((String) r[1]),
                ((Number) r[2]).intValue(), (String) r[3], (String) r[4])).toList();
    }

    private static OffsetDateTime utc(Object timestamp) {
        return timestamp instanceof OffsetDateTime at ? at.withOffsetSameInstant(ZoneOffset.UTC)
                : ((Timestamp) timestamp).toInstant().atOffset(ZoneOffset.UTC);
    }
}
