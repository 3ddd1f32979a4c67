package io.lading.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant's own upload limit, set by an admin, holds on every way a file comes in: a request body streamed to
 * S3, a presigned upload (declared size, and a PUT bound to it by the signature), and an import by file key of
 * an object already in S3; each answers 413 FILE_TOO_LARGE and queues no job.
 */
@ExtendWith(ArquillianExtension.class)
class UploadLimitIT {

    private static final long LIMIT = 10_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();
    private UUID tenantId;
    private ApiClient tenant;
    /** About 30 KB: three times the limit. */
    private final byte[] large = ContactsCsv.rows(300).domain("large.example.com").bytes();
    /** About 1 KB. */
    private final byte[] small = ContactsCsv.rows(10).domain("small.example.com").bytes();

    @BeforeEach
    void tenantWithASmallLimit() {
        JsonObject created = admin.post("/api/admin/tenants", Json.createObjectBuilder()
                .add("name", "upload-limit-" + UUID.randomUUID()).build()).json();
        tenantId = UUID.fromString(created.getString("tenantId"));
        tenant = admin.withKey(created.getString("userKey"));
        ApiClient.Response limited = admin.patch("/api/admin/tenants/" + tenantId,
                Json.createObjectBuilder().add("maxUploadBytes", LIMIT).build());
        assertEquals(200, limited.status(), limited.body());
        assertEquals(LIMIT, limited.json().getJsonNumber("maxUploadBytes").longValue());
        assertEquals(LIMIT, limited.json().getJsonNumber("effectiveMaxUploadBytes").longValue());
        assertTrue(large.length > LIMIT && small.length < LIMIT, large.length + " / " + small.length);
    }

    @Test
    void onlyAnAdminSetsALimitAndOnlyAPositiveOne() {
        ApiClient.Response notAnAdmin = tenant.patch("/api/admin/tenants/" + tenantId,
                Json.createObjectBuilder().add("maxUploadBytes", 1L << 40).build());
        assertEquals(403, notAnAdmin.status(), notAnAdmin.body());
        for (JsonObject bad : new JsonObject[] {
                Json.createObjectBuilder().add("maxUploadBytes", 0).build(),
                Json.createObjectBuilder().add("maxUploadBytes", -5).build(),
                Json.createObjectBuilder().add("maxUploadBytes", "lots").build(),
                Json.createObjectBuilder().add("maxUploadBytes", 1.5).build()}) {
            ApiClient.Response refused = admin.patch("/api/admin/tenants/" + tenantId, bad);
            assertEquals(400, refused.status(), bad + " → " + refused.body());
            assertEquals("INVALID_OPTION", refused.json().getString("code"));
            assertEquals("maxUploadBytes", refused.json().getString("field"));
        }
        assertEquals(404, admin.patch("/api/admin/tenants/" + UUID.randomUUID(),
                Json.createObjectBuilder().add("maxUploadBytes", 5).build()).status());
        JsonObject unchanged = admin.get("/api/admin/tenants/" + tenantId).json();
        assertEquals(LIMIT, unchanged.getJsonNumber("maxUploadBytes").longValue());

        ApiClient.Response resetResponse = admin.patch("/api/admin/tenants/" + tenantId,
                Json.createObjectBuilder().add("maxUploadBytes", JsonValue.NULL).build());
        assertEquals(200, resetResponse.status(), resetResponse.body());
        JsonObject reset = resetResponse.json();
        assertEquals(JsonValue.ValueType.NULL, reset.get("maxUploadBytes").getValueType());
        assertTrue(reset.getJsonNumber("effectiveMaxUploadBytes").longValue() > LIMIT, reset.toString());
    }

    @Test
    void aRequestBodyOverTheTenantsLimitIs413WhileASmallerOneIsAccepted() {
        ApiClient.Response refused = tenant.postFile("/api/contacts/import?fileName=large.csv", large, "text/csv");

        assertFileTooLarge(refused);
        assertEquals(0, jobsOfTenant());
        assertEquals(202, tenant.postFile("/api/contacts/import?fileName=small.csv", small, "text/csv").status());
        assertEquals(1, jobsOfTenant());
    }

    @Test
    void aPresignedUploadDeclaringMoreThanTheLimitIs413AndTheSignedPutTakesOnlyTheDeclaredSize() {
        assertFileTooLarge(tenant.post("/api/contacts/uploads", Json.createObjectBuilder()
                .add("fileName", "large.csv").add("size", large.length).build()));

        JsonObject ticket = tenant.post("/api/contacts/uploads", Json.createObjectBuilder()
                .add("fileName", "small.csv").add("size", small.length).build()).json();
        assertEquals(String.valueOf(small.length), ticket.getJsonObject("headers").getString("content-length"),
                ticket.toString());
        ApiClient.Response biggerThanDeclared = tenant.putTo(ticket.getString("uploadUrl"), large);
        assertNotEquals(200, biggerThanDeclared.status(), "S3 must refuse a body longer than the signed length");
        assertEquals(200, tenant.putTo(ticket.getString("uploadUrl"), small).status());
        ApiClient.Response accepted = tenant.post("/api/contacts/import",
                Json.createObjectBuilder().add("fileKey", ticket.getString("fileKey")).build());
        assertEquals(202, accepted.status(), accepted.body());
    }

    @Test
    void anImportByFileKeyOfAnObjectOverTheLimitIs413BeforeAnyJobIsQueued() {
        // An upload that declared no size is not bound by its signature: the import request is where it is caught.
        JsonObject ticket = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "undeclared.csv").build()).json();
        assertEquals(200, tenant.putTo(ticket.getString("uploadUrl"), large).status());

        ApiClient.Response byKey = tenant.post("/api/contacts/import",
                Json.createObjectBuilder().add("fileKey", ticket.getString("fileKey")).build());
        assertFileTooLarge(byKey);
        ApiClient.Response byUrl = tenant.post("/api/contacts/import", Json.createObjectBuilder()
                .add("fileUrl", "s3://lading/" + ticket.getString("fileKey")).build());
        assertFileTooLarge(byUrl);
        assertEquals(0, jobsOfTenant());

        ApiClient.Response reset = admin.patch("/api/admin/tenants/" + tenantId,
                Json.createObjectBuilder().add("maxUploadBytes", JsonValue.NULL).build());
        assertEquals(200, reset.status(), reset.body());
        ApiClient.Response underTheDefault = tenant.post("/api/contacts/import",
                Json.createObjectBuilder().add("fileKey", ticket.getString("fileKey")).build());
        assertEquals(202, underTheDefault.status(), underTheDefault.body());
    }

    private long jobsOfTenant() {
        return Database.count("select count(*) from jobs where tenant_id = ?", tenantId);
    }

    private static void assertFileTooLarge(ApiClient.Response response) {
        assertEquals(413, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"));
        assertEquals("FILE_TOO_LARGE", response.json().getString("code"));
        assertTrue(response.json().getString("detail").contains(String.valueOf(LIMIT)), response.body());
    }
}
