package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TenantJobsTest {

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private final Job importOfA = Job.submitted(JobType.IMPORT, tenantA, JobPriority.NORMAL, 3, null, null);
    private final Job exportOfA = Job.submitted(JobType.EXPORT, tenantA, JobPriority.NORMAL, 3, null, null);
    private final TenantJobs tenantJobs = tenantJobs(importOfA, exportOfA);

    @Test
    void aTenantsUserFindsItsOwnJob() {
        assertSame(importOfA, tenantJobs.visible(userOf(tenantA), importOfA.id(), null));
        assertSame(importOfA, tenantJobs.visible(userOf(tenantA), importOfA.id(), JobType.IMPORT));
    }

    @Test
    void anotherTenantsJobAnswersExactlyAsAnUnknownId() {
        ProblemException foreign = assertThrows(ProblemException.class,
                () -> tenantJobs.visible(userOf(tenantB), importOfA.id(), JobType.IMPORT));
        UUID unknownId = UUID.randomUUID();
        ProblemException unknown = assertThrows(ProblemException.class,
                () -> tenantJobs.visible(userOf(tenantB), unknownId, JobType.IMPORT));

        assertEquals(404, foreign.status());
        assertEquals("NOT_FOUND", foreign.code());
        assertEquals("Import " + importOfA.id() + " does not exist", foreign.getMessage());
        assertEquals(unknown.getMessage().replace(unknownId.toString(), "ID"),
                foreign.getMessage().replace(importOfA.id().toString(), "ID"));
    }

    @Test
    void aJobOfAnotherTypeIsNotFoundUnderThatTypesName() {
        ProblemException asExport = assertThrows(ProblemException.class,
                () -> tenantJobs.visible(userOf(tenantA), importOfA.id(), JobType.EXPORT));
        ProblemException asJob = assertThrows(ProblemException.class,
                () -> tenantJobs.visible(userOf(tenantB), exportOfA.id(), null));

        assertEquals("Export " + importOfA.id() + " does not exist", asExport.getMessage());
        assertEquals("Job " + exportOfA.id() + " does not exist", asJob.getMessage());
    }

    @Test
    void anOperatorSeesEveryTenantsJobs() {
        assertSame(exportOfA, tenantJobs.visible(operator(), exportOfA.id(), JobType.EXPORT));
    }

    @Test
    void noResourceReadsAJobByIdWithoutTheTenantCheck() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/lading"))) {
            List<Path> offenders = files
                    .filter(file -> file.toString().contains("/boundary/") && file.toString().endsWith(".java"))
                    .filter(file -> read(file).matches("(?s).*\\b(queries|jobs|jobQueries)\\.find\\(.*"))
                    .filter(file -> !file.endsWith("JobEventStream.java"))
                    .toList();
            assertTrue(offenders.isEmpty(), "boundary classes calling JobQueries.find: " + offenders);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TenantJobs tenantJobs(Job... jobs) {
        Map<UUID, Job> byId = Stream.of(jobs).collect(Collectors.toMap(Job::id, Function.identity()));
        TenantJobs tenantJobs = new TenantJobs();
        tenantJobs.queries = new JobQueries() {
            @Override
            public Optional<Job> find(UUID id) {
                return Optional.ofNullable(byId.get(id));
            }
        };
        return tenantJobs;
    }

    /** A caller whose key belongs to one tenant. */
    private static Caller userOf(UUID tenantId) {
        return new Caller() {
            @Override
            public boolean canSee(UUID ownerTenantId) {
                return tenantId.equals(ownerTenantId);
            }
        };
    }

    private static Caller operator() {
        return new Caller() {
            @Override
            public boolean canSee(UUID ownerTenantId) {
                return true;
            }
        };
    }
}
