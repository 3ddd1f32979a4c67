package io.lading.companies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.CompaniesCsv;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.Workbooks;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Companies on the same engine as contacts, end to end: imports with exact counts, mapping errors, dry run,
 * rollback, the XLSX twin, and the link of contacts to the company of their email's domain, both ways round.
 */
@ExtendWith(ArquillianExtension.class)
class CompaniesIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void aThousandCompaniesWithBadAndDuplicateRowsEndWithExactCountsAndNormalisedDomains() {
        ApiClient tenant = admin.newTenant("companies-1k-" + UUID.randomUUID());
        CompaniesCsv file = CompaniesCsv.rows(1_000).badEvery(100).dupEvery(45).suffix("onek.example");

        ApiClient.Response accepted = tenant.postFile("/api/companies/import?fileName=companies.csv", file.bytes(),
                "text/csv");

        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        assertTrue(accepted.header("Location").endsWith("/api/companies/import/" + jobId));
        assertEquals("company", accepted.json().getString("entity"));
        JsonObject job = tenant.awaitSettled(jobId, TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(1_000, job.getInt("processedRows"));
        assertEquals(file.companies(), job.getInt("createdRows"));
        assertEquals(file.duplicateRows(), job.getInt("updatedRows"), "a later row over an earlier one updates it");
        assertEquals(file.badRows(), job.getInt("failedRows"));
        assertEquals(file.duplicateRows(), job.getInt("duplicateRows"));
        String tenantId = job.getString("tenantId");
        assertEquals(file.companies(), Database.count("select count(*) from companies where tenant_id = ?::uuid",
                tenantId));
        assertEquals(0, Database.count("select count(*) from companies where tenant_id = ?::uuid and (domain like"
                + " '%/%' or domain like 'www.%' or domain like '%:%' or domain <> lower(domain))", tenantId));
        assertEquals(1, Database.count("select count(*) from companies where tenant_id = ?::uuid and domain = ?"
                + " and industry = ? and employees = ?", tenantId, file.domain(7), CompaniesCsv.industry(7),
                CompaniesCsv.employees(7)));
        assertEquals(file.companies(), tenant.get("/api/companies?limit=1").json().getJsonNumber("total").longValue());

        JsonObject detail = tenant.get("/api/companies/import/" + jobId).json();
        JsonObject firstError = detail.getJsonArray("errors").getJsonObject(0);
        assertEquals(46, firstError.getInt("row"), "data row 45 (a duplicate) is line 46 of the file");
        assertEquals("DUPLICATE_IN_FILE", firstError.getString("code"));
        assertEquals("Website", firstError.getString("column"));
        List<String> codes = detail.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("code")).toList();
        assertTrue(codes.containsAll(List.of("INVALID_DOMAIN", "INVALID_NUMBER", "NAME_REQUIRED")), codes.toString());
        String report = tenant.get("/api/companies/import/" + jobId + "/errors").body();
        assertEquals(file.badRows() + file.duplicateRows() + 1, report.split("\r\n").length);

        // Company jobs are listed beside contact jobs, and told apart by entity.
        assertEquals(jobId, tenant.get("/api/jobs?entity=company").json().getJsonArray("items").getJsonObject(0)
                .getString("id"));
        assertEquals(0, tenant.get("/api/jobs?entity=contact").json().getJsonArray("items").size());
        assertEquals(0, tenant.get("/api/contacts/import").json().getJsonArray("items").size());
        assertEquals(1, tenant.get("/api/companies/import").json().getJsonArray("items").size());
        assertEquals(404, tenant.get("/api/contacts/import/" + jobId).status());
    }

    @Test
    void aFileWithoutADomainColumnOrAMappingToAnUnknownFieldIsRefusedBeforeAnyJob() {
        ApiClient tenant = admin.newTenant("companies-mapping-" + UUID.randomUUID());

        ApiClient.Response noDomain = tenant.postFile("/api/companies/import?fileName=a.csv",
                "Company Name,Industry\r\nAcme,Software\r\n".getBytes(), "text/csv");
        assertEquals(400, noDomain.status(), noDomain.body());
        assertEquals("MISSING_DOMAIN_COLUMN", noDomain.json().getString("code"));

        ApiClient.Response unknown = tenant.postFile("/api/companies/import?fileName=a.csv&mapping.firstName=Name",
                "Name,Website\r\nAcme,acme.example\r\n".getBytes(), "text/csv");
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals("UNKNOWN_FIELD", unknown.json().getString("code"));

        ApiClient.Response mapped = tenant.postFile("/api/companies/import?fileName=a.csv&mapping.domain=Site"
                + "&mapping.name=Label", "Label,Site\r\nAcme,https://acme.example/\r\n".getBytes(), "text/csv");
        assertEquals(202, mapped.status(), mapped.body());
        assertEquals(1, tenant.awaitSettled(mapped.json().getString("id"), TIMEOUT).getInt("createdRows"));
        assertEquals("acme.example", tenant.get("/api/companies").json().getJsonArray("items").getJsonObject(0)
                .getString("domain"));
        assertEquals(0, Database.count("select count(*) from jobs where tenant_id = ?::uuid and entity = 'contact'",
                tenant.get("/api/companies/import").json().getJsonArray("items").getJsonObject(0).getString("tenantId")));
    }

    @Test
    void aDryRunCountsAsTheImportWouldAndWritesNothing() {
        ApiClient tenant = admin.newTenant("companies-dry-" + UUID.randomUUID());
        CompaniesCsv file = CompaniesCsv.rows(300).badEvery(50).dupEvery(40).suffix("dry.example");
        String contacts = tenant.postFile("/api/contacts/import?fileName=c.csv",
                ContactsCsv.rows(5).domain(file.domain(1)).bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(contacts, TIMEOUT).getString("status"));

        JsonObject dry = tenant.awaitSettled(tenant.postFile("/api/companies/import?fileName=c.csv&dryRun=true",
                file.bytes(), "text/csv").json().getString("id"), TIMEOUT);

        assertEquals("completed", dry.getString("status"), dry.toString());
        assertEquals(file.companies(), dry.getInt("createdRows"));
        assertEquals(file.badRows(), dry.getInt("failedRows"));
        assertEquals(file.duplicateRows(), dry.getInt("duplicateRows"));
        String tenantId = dry.getString("tenantId");
        assertEquals(0, Database.count("select count(*) from companies where tenant_id = ?::uuid", tenantId));
        assertEquals(0, Database.count("select count(*) from contacts where tenant_id = ?::uuid"
                + " and company_id is not null", tenantId));
        assertEquals(409, tenant.post("/api/companies/import/" + dry.getString("id") + "/rollback").status());
    }

    @Test
    void contactsLinkToTheCompanyOfTheirDomainWhicheverComesFirstAndFreeMailNeverLinks() {
        ApiClient tenant = admin.newTenant("companies-link-" + UUID.randomUUID());
        CompaniesCsv companies = CompaniesCsv.rows(4).suffix("link.example");
        // Contacts first: at company 1's domain, and at a free-mail domain a company will also claim.
        settle(tenant, "/api/contacts/import?fileName=early.csv", ContactsCsv.rows(30).domain(companies.domain(1)));
        settle(tenant, "/api/contacts/import?fileName=free.csv", ContactsCsv.rows(10).domain("gmail.com"));
        String tenantId = tenantIdOf(tenant);

        byte[] withGmail = (companies.text() + "Google Mail,https://www.gmail.com,Software,5,USA,Austin,,2020-01-01\r\n")
                .getBytes();
        JsonObject imported = tenant.awaitSettled(tenant.postFile("/api/companies/import?fileName=co.csv", withGmail,
                "text/csv").json().getString("id"), TIMEOUT);
        assertEquals("completed", imported.getString("status"), imported.toString());
        assertEquals(5, imported.getInt("createdRows"));

        String company1 = Database.value(String.class, "select id::text from companies where tenant_id = ?::uuid"
                + " and domain = ?", tenantId, companies.domain(1));
        assertEquals(30, Database.count("select count(*) from contacts where company_id = ?::uuid", company1),
                "company imported after its contacts");
        assertEquals(0, Database.count("select count(*) from contacts where tenant_id = ?::uuid and email like"
                + " '%@gmail.com' and company_id is not null", tenantId), "free-mail contacts never link");
        // Contacts after their company: linked as they are imported.
        settle(tenant, "/api/contacts/import?fileName=late.csv",
                ContactsCsv.rows(20).startingAt(1000).domain(companies.domain(2)));
        String company2 = Database.value(String.class, "select id::text from companies where tenant_id = ?::uuid"
                + " and domain = ?", tenantId, companies.domain(2));
        assertEquals(20, Database.count("select count(*) from contacts where company_id = ?::uuid", company2),
                "contacts imported after their company");

        JsonObject one = tenant.get("/api/companies/" + company1).json();
        assertEquals(30, one.getInt("contactCount"));
        assertEquals(companies.domain(1), one.getString("domain"));
        JsonObject contact = tenant.get("/api/contacts?limit=1").json().getJsonArray("items").getJsonObject(0);
        assertEquals(company2, contact.getString("companyId"), contact.toString());
        assertEquals(404, tenant.get("/api/companies/" + UUID.randomUUID()).status());
        ApiClient stranger = admin.newTenant("companies-stranger-" + UUID.randomUUID());
        assertEquals(404, stranger.get("/api/companies/" + company1).status());
        assertEquals(404, stranger.get("/api/companies/import/" + imported.getString("id")).status());
    }

    @Test
    void rollingBackACompanyImportDeletesWhatItCreatedUnlinksItsContactsAndRestoresWhatItUpdated() {
        ApiClient tenant = admin.newTenant("companies-rollback-" + UUID.randomUUID());
        CompaniesCsv first = CompaniesCsv.rows(3).suffix("rb.example");
        settle(tenant, "/api/companies/import?fileName=first.csv", first);
        settle(tenant, "/api/contacts/import?fileName=c.csv", ContactsCsv.rows(8).domain(first.domain(3)));
        String tenantId = tenantIdOf(tenant);
        // The second import updates company 1 and creates company 4, whose contacts exist already.
        settle(tenant, "/api/contacts/import?fileName=c4.csv", ContactsCsv.rows(6).startingAt(500)
                .domain(first.domain(4)));
        String second = "Company Name,Website,Industry\r\nRenamed,co1.rb.example,Mining\r\nFourth,co4.rb.example,\r\n";
        JsonObject imported = tenant.awaitSettled(tenant.postFile("/api/companies/import?fileName=second.csv",
                second.getBytes(), "text/csv").json().getString("id"), TIMEOUT);
        assertEquals(1, imported.getInt("createdRows"));
        assertEquals(1, imported.getInt("updatedRows"));
        assertEquals(6, Database.count("select count(*) from contacts c join companies co on co.id = c.company_id"
                + " where co.domain = 'co4.rb.example' and co.tenant_id = ?::uuid", tenantId));

        ApiClient.Response rollback = tenant.post("/api/companies/import/" + imported.getString("id") + "/rollback");
        assertEquals(202, rollback.status(), rollback.body());
        assertEquals("completed", tenant.awaitSettled(rollback.json().getString("id"), TIMEOUT).getString("status"));

        assertEquals("rolled_back", tenant.get("/api/companies/import/" + imported.getString("id")).json()
                .getString("status"));
        assertEquals(3, Database.count("select count(*) from companies where tenant_id = ?::uuid", tenantId));
        assertEquals(List.of("co1.rb.example|" + CompaniesCsv.industry(1)), Database.strings(
                "select domain || '|' || industry from companies where tenant_id = ?::uuid and domain = 'co1.rb.example'",
                tenantId));
        assertEquals(0, Database.count("select count(*) from contacts where tenant_id = ?::uuid and email like"
                + " '%@co4.rb.example' and company_id is not null", tenantId), "the rollback unlinked them");
        assertEquals(6, Database.count("select count(*) from contacts where tenant_id = ?::uuid and email like"
                + " '%@co4.rb.example'", tenantId), "contacts stay");
        assertEquals(8, Database.count("select count(*) from contacts where tenant_id = ?::uuid and email like"
                + " '%@co3.rb.example' and company_id is not null", tenantId), "links of other imports stay");
    }

    @Test
    void anXlsxFileImportsTheSameCompaniesAsItsCsvTwin() throws Exception {
        ApiClient csvTenant = admin.newTenant("companies-csv-twin-" + UUID.randomUUID());
        ApiClient xlsxTenant = admin.newTenant("companies-xlsx-twin-" + UUID.randomUUID());
        CompaniesCsv file = CompaniesCsv.rows(500).badEvery(60).dupEvery(70).suffix("twin.example");

        JsonObject fromCsv = settle(csvTenant, "/api/companies/import?fileName=twin.csv", file);
        JsonObject fromXlsx = xlsxTenant.awaitSettled(xlsxTenant.postFile("/api/companies/import?fileName=twin.xlsx",
                toXlsx(file.text()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .json().getString("id"), TIMEOUT);

        assertEquals("completed", fromXlsx.getString("status"), fromXlsx.toString());
        assertEquals(fromCsv.getInt("createdRows"), fromXlsx.getInt("createdRows"));
        assertEquals(fromCsv.getInt("failedRows"), fromXlsx.getInt("failedRows"));
        assertEquals(fromCsv.getInt("duplicateRows"), fromXlsx.getInt("duplicateRows"));
        assertEquals(companiesOf(fromCsv.getString("tenantId")), companiesOf(fromXlsx.getString("tenantId")));
    }

    @Test
    void companyExportsFilterByIndustryCountryAndEmployeeRangeInEveryFormat() throws Exception {
        ApiClient tenant = admin.newTenant("companies-export-" + UUID.randomUUID());
        CompaniesCsv file = CompaniesCsv.rows(400).suffix("exp.example");
        String tenantId = settle(tenant, "/api/companies/import?fileName=e.csv", file).getString("tenantId");

        JsonObject range = Json.createObjectBuilder()
                .add("keywordMatch", Json.createObjectBuilder().add("must", Json.createObjectBuilder()
                        .add("industry", Json.createArrayBuilder().add("Software").add("Retail"))))
                .add("rangeQuery", Json.createObjectBuilder().add("must", Json.createObjectBuilder()
                        .add("employees", Json.createObjectBuilder().add("gte", 500).add("lte", 3000)))).build();
        JsonObject csv = export(tenant, "csv", List.of("domain", "name", "industry", "employees"), range, "employees");
        List<String> expected = Database.strings("select concat_ws('|', domain, name, industry, employees) from companies"
                + " where tenant_id = ?::uuid and industry in ('Software', 'Retail') and employees between 500 and 3000"
                + " order by employees, id", tenantId);
        assertTrue(expected.size() > 50, "the filter selects a real share: " + expected.size());
        assertEquals(expected.size(), csv.getInt("rowCount"));
        assertTrue(csv.getString("fileName").startsWith("companies-"), csv.getString("fileName"));
        assertEquals("company", csv.getString("entity"));
        List<String[]> rows = new com.opencsv.CSVReader(new StringReader(new String(download(tenant, csv),
                java.nio.charset.StandardCharsets.UTF_8))).readAll();
        assertEquals("domain,name,industry,employees", String.join(",", rows.get(0)));
        assertEquals(expected, rows.subList(1, rows.size()).stream().map(r -> String.join("|", r)).toList());
        assertEquals(expected.size(), tenant.get("/api/companies?limit=1&industry=Software,Retail&employees.gte=500"
                + "&employees.lte=3000").json().getJsonNumber("total").longValue());

        JsonObject usa = Json.createObjectBuilder().add("keywordMatch", Json.createObjectBuilder()
                .add("must", Json.createObjectBuilder().add("country", "USA"))).build();
        JsonObject json = export(tenant, "json", List.of("id", "domain", "country"), usa, "domain");
        var exported = Json.createReader(new StringReader(new String(download(tenant, json),
                java.nio.charset.StandardCharsets.UTF_8))).readArray();
        assertEquals(Database.count("select count(*) from companies where tenant_id = ?::uuid and country = 'USA'",
                tenantId), exported.size());
        assertTrue(exported.getValuesAs(JsonObject.class).stream().allMatch(o -> o.getString("country").equals("USA")));

        JsonObject xlsx = export(tenant, "xlsx", List.of("domain", "employees"), JsonValue.NULL, "domain");
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                download(tenant, xlsx)))) {
            assertEquals("Companies", workbook.getSheetName(0));
            assertEquals(file.companies() + 1, workbook.getSheetAt(0).getPhysicalNumberOfRows());
        }
        assertEquals(404, tenant.get("/api/contacts/export/" + xlsx.getString("id")).status());
        ApiClient.Response unknown = tenant.post("/api/companies/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build());
        assertEquals(400, unknown.status());
        assertEquals("UNKNOWN_COLUMN", unknown.json().getString("code"));
    }

    @Test
    void contactExportsSelectTheCompanyNameAndDomainAndFilterByCompanyId() throws Exception {
        ApiClient tenant = admin.newTenant("companies-contact-export-" + UUID.randomUUID());
        CompaniesCsv companies = CompaniesCsv.rows(3).suffix("cx.example");
        String tenantId = settle(tenant, "/api/companies/import?fileName=co.csv", companies).getString("tenantId");
        settle(tenant, "/api/contacts/import?fileName=a.csv", ContactsCsv.rows(10).domain(companies.domain(1)));
        settle(tenant, "/api/contacts/import?fileName=b.csv", ContactsCsv.rows(5).startingAt(100)
                .domain(companies.domain(2)));
        settle(tenant, "/api/contacts/import?fileName=c.csv", ContactsCsv.rows(3).startingAt(200).domain("outlook.com"));
        String company1 = Database.value(String.class, "select id::text from companies where tenant_id = ?::uuid"
                + " and domain = ?", tenantId, companies.domain(1));
        String name1 = Database.value(String.class, "select name from companies where id = ?::uuid", company1);

        JsonObject ofCompany1 = Json.createObjectBuilder().add("keywordMatch", Json.createObjectBuilder()
                .add("must", Json.createObjectBuilder().add("companyId", company1))).build();
        JsonObject job = exportOf(tenant, "contacts", "csv", List.of("email", "companyName", "companyDomain"), ofCompany1,
                "email");
        List<String[]> rows = new com.opencsv.CSVReader(new StringReader(new String(download(tenant, "contacts", job),
                java.nio.charset.StandardCharsets.UTF_8))).readAll();
        assertEquals("email,companyName,companyDomain", String.join(",", rows.get(0)));
        assertEquals(11, rows.size());
        assertTrue(rows.subList(1, 11).stream().allMatch(r -> r[1].equals(name1) && r[2].equals(companies.domain(1))
                && r[0].endsWith("@" + companies.domain(1))), rows.toString());

        JsonObject all = exportOf(tenant, "contacts", "json", List.of("email", "companyName"), JsonValue.NULL, "email");
        var exported = Json.createReader(new StringReader(new String(download(tenant, "contacts", all),
                java.nio.charset.StandardCharsets.UTF_8))).readArray().getValuesAs(JsonObject.class);
        assertEquals(18, exported.size());
        assertEquals(3, exported.stream().filter(o -> o.getString("email").endsWith("@outlook.com"))
                .filter(o -> o.isNull("companyName")).count(), "free-mail contacts have no company");
        assertEquals(10, tenant.get("/api/contacts?limit=1&companyId=" + company1).json().getJsonNumber("total")
                .longValue());
    }

    private JsonObject export(ApiClient tenant, String format, List<String> columns, JsonValue filter, String orderBy) {
        return exportOf(tenant, "companies", format, columns, filter, orderBy);
    }

    private JsonObject exportOf(ApiClient tenant, String plural, String format, List<String> columns, JsonValue filter,
                                String orderBy) {
        var select = Json.createArrayBuilder();
        columns.forEach(select::add);
        ApiClient.Response accepted = tenant.post("/api/" + plural + "/export", Json.createObjectBuilder()
                .add("format", format).add("selectColumns", select).add("filter", filter)
                .add("orderBy", Json.createArrayBuilder().add(Json.createObjectBuilder().add("column", orderBy)))
                .build());
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        return tenant.get("/api/" + plural + "/export/" + job.getString("id")).json();
    }

    private static byte[] download(ApiClient tenant, JsonObject export) throws Exception {
        return download(tenant, "companies", export);
    }

    private static byte[] download(ApiClient tenant, String plural, JsonObject export) throws Exception {
        ApiClient.Response link = tenant.get("/api/" + plural + "/export/" + export.getString("id") + "/download");
        assertEquals(200, link.status(), link.body());
        var file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.json()
                .getString("downloadUrl"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        return file.body();
    }

    private JsonObject settle(ApiClient tenant, String path, Object file) {
        byte[] bytes = file instanceof ContactsCsv c ? c.bytes() : ((CompaniesCsv) file).bytes();
        ApiClient.Response accepted = tenant.postFile(path, bytes, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        return job;
    }

    private static String tenantIdOf(ApiClient tenant) {
        return tenant.get("/api/jobs?limit=1").json().getJsonArray("items").getJsonObject(0).getString("tenantId");
    }

    private static List<String> companiesOf(String tenantId) {
        return Database.strings("select concat_ws('|', name, domain, industry, employees, country, city, phone,"
                + " created_on) from companies where tenant_id = ?::uuid order by domain", tenantId);
    }

    /** The CSV's rows as a workbook: text cells, employee counts as numbers, dates as date cells. */
    static byte[] toXlsx(String csv) throws Exception {
        return Workbooks.fromCsv(csv, "Companies", 3, 7);
    }
}
