package io.lading.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.platform.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantFilesTest {

    private static final UUID TENANT = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID OTHER = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final String OWN = "tenants/" + TENANT + "/";
    private static final String BUCKET = "lading";

    @Test
    void prefixIsTheTenantsFolder() {
        assertEquals("tenants/11111111-1111-4111-8111-111111111111/", TenantFiles.prefix(TENANT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/5f0c/contacts.csv", "imports/job-1/My_File.v2.csv", "a+b.csv", "x"})
    void ownedKeyAcceptsKeysUnderTheTenantsPrefix(String rest) {
        assertEquals(OWN + rest, TenantFiles.ownedKey(TENANT, OWN + rest));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "tenants/11111111-1111-4111-8111-111111111111/../22222222-2222-4222-8222-222222222222/a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/uploads/../../x.csv",
            "tenants/11111111-1111-4111-8111-111111111111/..",
            "/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "tenants/22222222-2222-4222-8222-222222222222/uploads/a.csv",
            "tenants/11111111-1111-4111-8111-111111111111",
            "tenants/11111111-1111-4111-8111-11111111111/a.csv",
            "TENANTS/11111111-1111-4111-8111-111111111111/a.csv",
            "uploads/a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/%2e%2e%2f22222222-2222-4222-8222-222222222222/a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/%2E%2E/%2E%2E/x.csv",
            "tenants/11111111-1111-4111-8111-111111111111/%252e%252e%252fx.csv",
            "tenants/11111111-1111-4111-8111-111111111111/a%2Fb.csv",
            "tenants/11111111-1111-4111-8111-111111111111\\..\\22222222-2222-4222-8222-222222222222\\a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/sub\\a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/a\nb.csv",
            "tenants/11111111-1111-4111-8111-111111111111/a\u0000.csv"})
    void ownedKeyRejectsKeysThatLeaveTheTenantsPrefix(String key) {
        assertProblem(400, "FORBIDDEN_FILE_KEY", "fileKey", () -> TenantFiles.ownedKey(TENANT, key));
    }

    @Test
    void ownedKeyRejectsAnotherTenantsKeyForThatTenantToo() {
        String othersKey = "tenants/" + OTHER + "/uploads/a.csv";

        assertEquals(othersKey, TenantFiles.ownedKey(OTHER, othersKey));
        assertProblem(400, "FORBIDDEN_FILE_KEY", "fileKey", () -> TenantFiles.ownedKey(TENANT, othersKey));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void ownedKeyRejectsAMissingKey(String key) {
        assertProblem(400, "MISSING_FILE", "fileKey", () -> TenantFiles.ownedKey(TENANT, key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%.csv", "%zz.csv", "a%2"})
    void ownedKeyRejectsMalformedPercentEscapesAsAProblem(String rest) {
        assertProblem(400, "FORBIDDEN_FILE_KEY", "fileKey", () -> TenantFiles.ownedKey(TENANT, OWN + rest));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://lading/", "S3://lading/", " s3://lading/"})
    void ownedKeyOfUrlAcceptsOurBucketAndTheTenantsPrefix(String start) {
        String key = OWN + "uploads/u1/contacts.csv";

        assertEquals(key, TenantFiles.ownedKeyOfUrl(TENANT, start + key, BUCKET));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "s3://other-bucket/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "s3://lading.evil.example/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "https://lading/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "https://lading.s3.amazonaws.com/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "http://lading/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "file:///tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "file://lading/tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "s3:///tenants/11111111-1111-4111-8111-111111111111/a.csv",
            "s3://lading/tenants/11111111-1111-4111-8111-111111111111/a b.csv",
            "not a url at all"})
    void ownedKeyOfUrlRejectsOtherBucketsAndSchemes(String url) {
        assertProblem(400, "INVALID_FILE_URL", "fileUrl", () -> TenantFiles.ownedKeyOfUrl(TENANT, url, BUCKET));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "s3://lading/tenants/22222222-2222-4222-8222-222222222222/a.csv",
            "s3://lading/tenants/11111111-1111-4111-8111-111111111111/../22222222-2222-4222-8222-222222222222/a.csv",
            "s3://lading/tenants/11111111-1111-4111-8111-111111111111/%2e%2e%2f22222222-2222-4222-8222-2222222/a.csv",
            "s3://lading//tenants/11111111-1111-4111-8111-111111111111/a.csv"})
    void ownedKeyOfUrlRejectsKeysOutsideTheTenantsPrefix(String url) {
        assertProblem(400, "FORBIDDEN_FILE_KEY", null, () -> TenantFiles.ownedKeyOfUrl(TENANT, url, BUCKET));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "contacts.csv                  | contacts.csv",
            "../../etc/passwd              | passwd",
            "/var/data/list.csv            | list.csv",
            "'C:\\Users\\ana\\list.csv'    | list.csv",
            "'my contacts (1).csv'         | my_contacts__1_.csv",
            "Müller;rm -rf.csv             | M_ller_rm_-rf.csv",
            "'a\"b<c>.csv'                 | a_b_c_.csv",
            "..                            | contacts.csv",
            "dir/                          | contacts.csv",
            "'   '                         | contacts.csv"})
    void safeNameKeepsOnlyTheFileNameInSafeCharacters(String given, String expected) {
        assertEquals(expected, TenantFiles.safeName(given));
    }

    @Test
    void safeNameOfNoNameIsADefault() {
        assertEquals("contacts.csv", TenantFiles.safeName(null));
    }

    @Test
    void safeNameKeepsTheEndOfALongName() {
        String name = TenantFiles.safeName("x".repeat(300) + ".csv");

        assertEquals(120, name.length());
        assertTrue(name.endsWith(".csv"), name);
    }

    @Test
    void uploadAndImportKeysAreOwnedByTheTenant() {
        String upload = TenantFiles.uploadKey(TENANT, "../../evil.csv");
        String imported = TenantFiles.importKey(TENANT, UUID.randomUUID(), "a b.csv");

        assertTrue(upload.startsWith(OWN + "uploads/") && upload.endsWith("/evil.csv"), upload);
        assertTrue(imported.startsWith(OWN + "imports/") && imported.endsWith("/a_b.csv"), imported);
        assertEquals(upload, TenantFiles.ownedKey(TENANT, upload));
        assertEquals(imported, TenantFiles.ownedKey(TENANT, imported));
    }

    @Test
    void twoUploadsOfOneNameGetDifferentKeys() {
        assertTrue(!TenantFiles.uploadKey(TENANT, "a.csv").equals(TenantFiles.uploadKey(TENANT, "a.csv")));
    }

    /** {@code field} null: the field the problem names is not checked. */
    private static void assertProblem(int status, String code, String field, Executable call) {
        ProblemException problem = assertThrows(ProblemException.class, call);
        assertEquals(code, problem.code(), problem.getMessage());
        assertEquals(status, problem.status());
        if (field != null) {
            assertEquals(field, problem.field());
        }
    }
}
