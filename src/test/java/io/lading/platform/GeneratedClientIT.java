package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.client.ApiClient;
import io.lading.client.ApiException;
import io.lading.client.api.AdministrationApi;
import io.lading.client.api.ContactsApi;
import io.lading.client.api.ExportsApi;
import io.lading.client.api.ImportsApi;
import io.lading.client.api.JobsApi;
import io.lading.client.model.RecordFilter;
import io.lading.client.model.RecordFilterKeywordMatch;
import io.lading.client.model.RecordFilterRangeQuery;
import io.lading.client.model.ContactPage;
import io.lading.client.model.ContactRange;
import io.lading.client.model.ContactView;
import io.lading.client.model.Download;
import io.lading.client.model.ExportRequest;
import io.lading.client.model.FilterValue;
import io.lading.client.model.ImportRequest;
import io.lading.client.model.JobView;
import io.lading.client.model.Order;
import io.lading.client.model.RowError;
import io.lading.client.model.TenantCreated;
import io.lading.client.model.TenantRequest;
import io.lading.client.model.UploadRequest;
import io.lading.client.model.UploadTicket;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's tour, as a user's program runs it: only through the Java client that openapi-generator makes from the
 * document the build writes (target/generated-test-sources/openapi-client), plus plain HTTP for the presigned S3
 * URLs, which are not part of the API. A call the client cannot express is a fault of the document.
 */
@ExtendWith(ArquillianExtension.class)
class GeneratedClientIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Set<String> SETTLED = Set.of("completed", "dead", "failed", "cancelled", "rolled_back");
    private static final HttpClient S3 = HttpClient.newHttpClient();

    /** Rows 2 to 6 are good, row 7 has a bad email, row 8 a bad number of employees. */
    private static final String FILE = """
            Email Address,First Name,Last Name,Company,Country,City,Employees\r
            ana@acme-tour.example,Ana,García,Acme Corp,Germany,Berlin,120\r
            bo@acme-tour.example,Bo,Chen,Acme Corp,USA,Austin,40\r
            cy@initech-tour.example,Cy,Müller,Initech,USA,Boston,500\r
            dee@acme-tour.example,Dee,Smith,Acme Labs,France,Paris,900\r
            eve@acme-tour.example,Eve,Jones,Acme Corp,USA,Denver,75\r
            fay at acme-tour.example,Fay,Ng,Acme Corp,Germany,Berlin,10\r
            gus@acme-tour.example,Gus,Ito,Acme Corp,Germany,Munich,lots\r
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    @Test
    void theTourThroughTheGeneratedClient() throws Exception {
        TenantCreated tenant = new AdministrationApi(client(System.getenv("LADING_DEMO_ADMIN_KEY")))
                .createTenant(new TenantRequest().name("generated-client-" + UUID.randomUUID()));
        ApiClient user = client(tenant.getUserKey());
        ImportsApi imports = new ImportsApi(user);
        ContactsApi contacts = new ContactsApi(user);
        ExportsApi exports = new ExportsApi(user);
        JobsApi jobs = new JobsApi(user);
        byte[] file = FILE.getBytes(StandardCharsets.UTF_8);

        // Upload straight to S3 with a presigned URL, then import by key
        UploadTicket ticket = imports.createUpload(new UploadRequest().fileName("tour.csv").contentType("text/csv")
                .size((long) file.length));
        assertEquals("PUT", ticket.getMethod());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(ticket.getUploadUrl()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file));
        // Content-Length is signed too; the HTTP client sends it from the body, as it must
        ticket.getHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                put.header(name, value);
            }
        });
        assertEquals(200, S3.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode());

        JobView queued = imports.createImport(ImportsApi.APICreateImportRequest.newBuilder()
                .importRequest(new ImportRequest().fileKey(ticket.getFileKey()).fileName("tour.csv"))
                .idempotencyKey("tour-" + tenant.getTenantId()).build());
        assertEquals("import", queued.getType());
        UUID importId = queued.getId();

        // Status: it settles completed, with exact counts and its first errors
        JobView imported = await(() -> imports.getImport(importId), job -> SETTLED.contains(job.getStatus()));
        assertEquals("completed", imported.getStatus(), imported.toString());
        assertEquals(7L, imported.getProcessedRows());
        assertEquals(5L, imported.getCreatedRows());
        assertEquals(2L, imported.getFailedRows());
        assertEquals(Boolean.TRUE, imported.getErrorReportAvailable());
        assertEquals(List.of(7L, 8L), imported.getErrors().stream().map(RowError::getRow).toList());
        assertEquals(List.of("INVALID_EMAIL", "INVALID_NUMBER"),
                imported.getErrors().stream().map(RowError::getCode).toList());

        // The errors CSV: the rejected rows as they came in, with row, error_code and error
        String[] report = Files.readString(imports.listImportErrors(importId).toPath()).split("\r\n");
        assertEquals("Email Address,First Name,Last Name,Company,Country,City,Employees,row,error_code,error", report[0]);
        assertEquals(3, report.length, String.join("\n", report));
        assertTrue(report[1].startsWith("fay at acme-tour.example,Fay,Ng,Acme Corp,Germany,Berlin,10,7,INVALID_EMAIL,"),
                report[1]);
        assertTrue(report[2].startsWith("gus@acme-tour.example,Gus,Ito,Acme Corp,Germany,Munich,lots,8,INVALID_NUMBER,"),
                report[2]);

        // The contacts, with the README's filters as query parameters
        ContactPage page = contacts.listContacts(ContactsApi.APIListContactsRequest.newBuilder()
                .limit(20).country(List.of("Germany", "USA")).employeesGte(50L).q("acme").build());
        assertEquals(2L, page.getTotal());
        assertEquals(Set.of("ana@acme-tour.example", "eve@acme-tour.example"), emails(page));
        ContactPage notDenver = contacts.listContacts(ContactsApi.APIListContactsRequest.newBuilder()
                .country(List.of("Germany", "USA")).employeesGte(50L).q("acme").cityNot(List.of("Denver")).build());
        assertEquals(Set.of("ana@acme-tour.example"), emails(notDenver));
        ContactView ana = contacts.getContact(notDenver.getItems().get(0).getId());
        assertEquals("García", ana.getLastName());
        assertEquals(120L, ana.getEmployees().longValue());

        // Export the same selection, then download the file through its presigned link
        RecordFilter filter = new RecordFilter()
                .keywordMatch(new RecordFilterKeywordMatch()
                        .putMustItem("country", List.of(new FilterValue("Germany"), new FilterValue("USA"))))
                .rangeQuery(new RecordFilterRangeQuery()
                        .putMustItem("employees", new ContactRange().gte(new FilterValue(new BigDecimal(50)))))
                .text("acme");
        JobView export = exports.createExport(ExportsApi.APICreateExportRequest.newBuilder()
                .exportRequest(new ExportRequest().format("csv")
                        .selectColumns(List.of("email", "firstName", "country", "employees")).filter(filter)
                        .orderBy(List.of(new Order().column("email").direction("asc"))))
                .build());
        JobView exported = await(() -> exports.getExport(export.getId()), job -> SETTLED.contains(job.getStatus()));
        assertEquals("completed", exported.getStatus(), exported.toString());
        assertEquals(2L, exported.getRowCount());
        Download download = exports.downloadExport(export.getId());
        HttpResponse<byte[]> fileAnswer = S3.send(HttpRequest.newBuilder(URI.create(download.getDownloadUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fileAnswer.statusCode());
        assertEquals("email,firstName,country,employees\r\nana@acme-tour.example,Ana,Germany,120\r\n"
                + "eve@acme-tour.example,Eve,USA,75\r\n", new String(fileAnswer.body(), StandardCharsets.UTF_8));
        assertEquals(exported.getSha256(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fileAnswer.body())));
        assertEquals(exported.getFileSize(), (long) fileAnswer.body().length);

        // Undo the import: the rollback job runs, the import ends rolled_back and its contacts are gone
        JobView rollback = imports.rollbackImport(importId);
        assertEquals("rollback", rollback.getType());
        assertEquals(importId, rollback.getParentId());
        JobView rolledBack = await(() -> jobs.getJob(rollback.getId()), job -> SETTLED.contains(job.getStatus()));
        assertEquals("completed", rolledBack.getStatus(), rolledBack.toString());
        assertEquals("rolled_back", imports.getImport(importId).getStatus());
        assertEquals(0L, contacts.listContacts(ContactsApi.APIListContactsRequest.newBuilder().build()).getTotal());
        assertEquals(0L, Database.count("select count(*) from contacts where tenant_id = ?", tenant.getTenantId()));

        // An error answer carries its problem code, as the document lists it
        ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> imports.rollbackImport(importId));
        assertEquals(409, refused.getCode());
        assertEquals("JOB_NOT_ROLLBACKABLE", user.getObjectMapper()
                .readValue(refused.getResponseBody(), io.lading.client.model.Problem.class).getCode());
    }

    private static Set<String> emails(ContactPage page) {
        return Set.copyOf(page.getItems().stream().map(ContactView::getEmail).toList());
    }

    /** A client of the service under test, sending the key as a user's program would. */
    private static ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(System.getProperty("lading.test.baseUrl", "http://127.0.0.1:8180"));
        client.setRequestInterceptor(request -> request.header("X-API-Key", key));
        client.setReadTimeout(Duration.ofSeconds(30));
        return client;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ApiException;
    }

    /** Polls until the job satisfies {@code until}, failing after {@link #JOB_TIMEOUT}. */
    private static JobView await(Call<JobView> call, java.util.function.Predicate<JobView> until) throws Exception {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        JobView job = call.run();
        while (!until.test(job)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The job did not settle within " + JOB_TIMEOUT + "; last: " + job);
            }
            Thread.sleep(200);
            job = call.run();
        }
        return job;
    }
}
