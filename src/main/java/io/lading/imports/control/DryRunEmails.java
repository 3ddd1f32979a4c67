package io.lading.imports.control;

import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobStatusRecorded;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a dry run remembers between chunks instead of writing contacts: the emails it has met
 * ({@code import_seen_emails}), so that it counts a duplicate of an earlier chunk's row as the real import would;
 * and when it forgets them.
 */
@ApplicationScoped
public class DryRunEmails {

    @PersistenceContext
    EntityManager em;

    /** Records the chunk's emails and answers those an earlier chunk of the same dry run already had. */
    static Set<String> metEarlier(Connection connection, UUID jobId, Collection<String> emails) throws SQLException {
        Set<String> earlier = new HashSet<>(emails);
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into import_seen_emails (job_id, email)
                select ?, e.email from unnest(?::text[]) as e(email)
                on conflict do nothing
                returning email""")) {
            statement.setObject(1, jobId);
            statement.setArray(2, connection.createArrayOf("text", emails.toArray(String[]::new)));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    earlier.remove(rs.getString(1));
                }
            }
        }
        return earlier;
    }

    /**
     * Drops the emails in the transaction that records the dry run completed. Not on failure or cancel: a retry
     * resumes from the checkpoint and needs them (retention removes them with the job). Done here rather than in a
     * last step of the batch job: a step costs every import a step execution's rows in the batch repository, and
     * most imports are not dry runs.
     */
    void forgetWhenCompleted(@Observes JobStatusRecorded recorded) {
        Job job = recorded.job();
        if (job.type() != JobType.IMPORT || job.status() != JobStatus.COMPLETED || job.parameters() == null
                || !JsonbConfiguration.jsonb().fromJson(job.parameters(), ImportParameters.class).dryRun()) {
            return;
        }
        em.createNativeQuery("delete from import_seen_emails where job_id = ?1").setParameter(1, job.id())
                .executeUpdate();
    }
}
