package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lading.platform.ProblemException;
import org.junit.jupiter.api.Test;

class JobSubmissionsTest {

    @Test
    void aKeyIsTrimmedAndABlankOneIsNone() {
        assertEquals("abc", JobSubmissions.idempotencyKey("  abc \t"));
        assertNull(JobSubmissions.idempotencyKey("   "));
        assertNull(JobSubmissions.idempotencyKey(null));
    }

    @Test
    void aKeyMayHave200CharactersNotMoreAfterTrimming() {
        assertEquals(200, JobSubmissions.idempotencyKey(" " + "k".repeat(200) + " ").length());

        ProblemException refused = assertThrows(ProblemException.class,
                () -> JobSubmissions.idempotencyKey("k".repeat(201)));

        assertEquals("INVALID_IDEMPOTENCY_KEY", refused.code());
        assertEquals(400, refused.status());
        assertEquals("Idempotency-Key", refused.field());
    }
}
