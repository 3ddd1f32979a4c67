package io.lading.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): sign in, watch an import's progress bar move, cancel it, find a job by file name,
 * roll back an import, revive a dead job, retry a tenant's dead jobs at once (each action on the job's timeline and
 * the audit page, with the key's id), and a viewer key that sees no action buttons. Screenshots go to {@code target/console-screenshots}.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Dimension DESKTOP = new Dimension(1366, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    static WebDriver browser;
    static Path profile;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @BeforeAll
    static void startChromium() throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The console tests need Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + ". .ci/run installs them; on a Debian or Ubuntu machine run: "
                        + "sudo apt-get install -y chromium chromium-driver");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("lading-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(options);
        browser.manage().window().setSize(DESKTOP);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void adminWatchesAnImportMoveCancelsItAndFindsItByFileName() throws IOException {
        ApiClient tenant = admin.newTenant("console-" + UUID.randomUUID());
        String fileName = "console-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        // Large enough to be still running when the browser, slow on a busy 2-core machine, clicks cancel: an
        // import of 400,000 rows (about 7 s) once finished before the cancel landed.
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=" + fileName,
                ContactsCsv.rows(1_200_000).domain("console.example.com").bytes(), "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        try {
            signIn(admin.key());
            assertEquals("admin", browser.findElement(By.id("role")).getText());

            // Overview: the import appears among the running jobs, with its progress bar.
            waitFor(Duration.ofSeconds(90), By.cssSelector("#overview li[data-job='" + jobId + "'] .progress"));
            assertFalse(browser.findElements(By.cssSelector("#overview table")).isEmpty(), "counts by type and status");
            // The nodes: the one running the import, alive, with a running job.
            String node = tenant.get("/api/contacts/import/" + jobId).json().getString("node");
            WebElement nodeRow = waitFor(Duration.ofSeconds(20),
                    By.cssSelector("#nodes tr[data-node='" + node + "'] [data-state='alive']"));
            assertEquals("alive", nodeRow.getText());
            screenshot("overview-desktop");

            // Job list: search by file name finds exactly this job.
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs");
            WebElement search = waitFor(Duration.ofSeconds(10), By.id("search"));
            search.sendKeys(fileName);
            browser.findElement(By.id("search-button")).click();
            waitFor(Duration.ofSeconds(10), By.cssSelector("#job-rows tr[data-job='" + jobId + "']"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#job-rows tr"));
            assertEquals(1, rows.size(), "one job has that file name");
            rows.get(0).findElement(By.cssSelector("a.job-link")).click();

            // Job detail: the progress bar moves while the import runs, with no reload.
            WebElement bar = waitFor(Duration.ofSeconds(10), By.id("job-progress"));
            int first = Integer.parseInt(bar.getAttribute("aria-valuenow"));
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> progress() > first);
            assertTrue(progress() < 100, "still running, so there is something to cancel");
            waitFor(Duration.ofSeconds(10), By.cssSelector("#timeline li"));
            screenshot("job-detail-desktop");

            // Cancel, confirmed in the browser's dialog; the status turns cancelled live.
            browser.findElement(By.cssSelector("button[data-action='cancel']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.textToBe(
                    By.cssSelector("#job-status .badge"), "cancelled"));
            assertEquals("cancelled", admin.get("/api/jobs/" + jobId).json().getString("status"));
            waitFor(Duration.ofSeconds(10), By.cssSelector("#timeline li[data-kind='action']"));
            assertTrue(browser.findElement(By.id("timeline")).getText().contains("cancel by admin key"),
                    browser.findElement(By.id("timeline")).getText());
            assertTrue(browser.findElements(By.cssSelector("button[data-action='cancel']")).isEmpty());
            assertFalse(browser.findElements(By.cssSelector("button[data-action='retry']")).isEmpty(),
                    "a cancelled job can be retried");

            browser.manage().window().setSize(PHONE);
            waitFor(Duration.ofSeconds(5), By.id("job-progress"));
            screenshot("job-detail-phone");
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/overview");
            waitFor(Duration.ofSeconds(10), By.cssSelector("#overview .tiles"));
            screenshot("overview-phone");

            // The audit page lists the cancel with the admin key's id.
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/audit");
            waitFor(Duration.ofSeconds(10), By.cssSelector("#audit-rows a[href='#/jobs/" + jobId + "']"));
        } catch (RuntimeException | AssertionError e) {
            dumpBrowser();
            throw e;
        } finally {
            browser.manage().window().setSize(DESKTOP);
            tenant.post("/api/jobs/" + jobId + "/cancel");
        }
    }

    @Test
    void viewerSeesEverythingButNoActionsAndTheApiRefusesIt() {
        ApiClient tenant = admin.newTenant("console-viewer-" + UUID.randomUUID());
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=viewer.csv",
                ContactsCsv.rows(50).domain("viewer.example.com").bytes(), "text/csv");
        String jobId = accepted.json().getString("id");
        assertEquals("completed", tenant.awaitSettled(jobId, Duration.ofMinutes(2)).getString("status"));
        ApiClient.Response issued = admin.post("/api/admin/keys", Json.createObjectBuilder().add("role", "viewer").build());
        assertEquals(201, issued.status(), issued.body());
        ApiClient viewer = admin.withKey(issued.json().getString("key"));
        try {
            signIn(viewer.key());
            assertEquals("viewer", browser.findElement(By.id("role")).getText());
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs/" + jobId);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(
                    By.cssSelector("#job-status .badge"), "completed"));
            waitFor(Duration.ofSeconds(10), By.id("read-only"));
            assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty(), "a viewer sees no action buttons");
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs?status=dead");
            waitFor(Duration.ofSeconds(10), By.id("filters"));
            assertTrue(browser.findElements(By.id("bulk-retry")).isEmpty(), "no bulk retry for a viewer");
        } catch (RuntimeException | AssertionError e) {
            dumpBrowser();
            throw e;
        } finally {
            signOut();
        }

        assertEquals(200, viewer.get("/api/jobs/" + jobId).status(), "a viewer reads every tenant's jobs");
        assertEquals(403, viewer.post("/api/contacts/import/" + jobId + "/rollback").status());
        assertEquals(403, viewer.post("/api/jobs/" + jobId + "/cancel").status());
        assertEquals(403, viewer.post("/api/jobs/" + jobId + "/retry").status());
        assertEquals(403, viewer.post("/api/console/jobs/retry-dead").status());
        assertEquals(403, viewer.post("/api/admin/keys", Json.createObjectBuilder().add("role", "admin").build()).status());
        assertEquals("completed", admin.get("/api/jobs/" + jobId).json().getString("status"));
        // Refused attempts are on the audit trail too, with the viewer's key id.
        var audit = admin.get("/api/admin/audit?jobId=" + jobId).json().getJsonArray("items");
        assertTrue(audit.stream().map(v -> v.asJsonObject()).anyMatch(a -> a.getString("role").equals("viewer")
                && a.getInt("outcome") == 403 && a.getString("keyId").equals(issued.json().getString("keyId"))
                && a.getString("action").equals("rollback")), audit.toString());
        // A tenant's user key is not a console key.
        assertEquals(403, tenant.get("/api/console/session").status());
    }

    @Test
    void adminRollsBackACompletedImportFromItsPageAndTheRollbackJobRemovesItsContacts() throws IOException {
        ApiClient tenant = admin.newTenant("console-rollback-" + UUID.randomUUID());
        String domain = "rollback-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        String importId = tenant.postFile("/api/contacts/import?fileName=rollback.csv",
                ContactsCsv.rows(300).domain(domain).bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(importId, Duration.ofMinutes(2)).getString("status"));
        assertEquals(300, contactsAt(domain));
        try {
            signIn(admin.key());
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs/" + importId);
            awaitStatus("completed", Duration.ofSeconds(20));

            // Roll back, confirmed in the browser's dialog: the import turns rolled_back on screen, with no reload.
            browser.findElement(By.cssSelector("button[data-action='rollback']")).click();
            Alert confirm = new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
            assertTrue(confirm.getText().startsWith("Roll back this import?"), confirm.getText());
            confirm.accept();
            awaitStatus("rolled_back", Duration.ofSeconds(90));
            assertEquals(0, contactsAt(domain), "the contacts the import created are deleted");
            awaitTimelineAction("rollback");
            screenshot("rollback-import");

            // The timeline links the rollback job the action started; it completed. The timeline is drawn again as
            // the job's events arrive, so the link is looked up afresh until a click lands.
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        awaitTimelineAction("rollback").findElement(By.tagName("a")).click();
                        return true;
                    });
            awaitStatus("completed", Duration.ofSeconds(30));
            assertTrue(browser.findElement(By.cssSelector(".job-head h1")).getText().startsWith("rollback "),
                    browser.findElement(By.cssSelector(".job-head h1")).getText());
            String rollbackId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
            JsonObject rollback = admin.get("/api/jobs/" + rollbackId).json();
            assertEquals("rollback", rollback.getString("type"));
            assertEquals("completed", rollback.getString("status"));
            assertEquals(importId, rollback.getString("parentId"));
            screenshot("rollback-job");

            awaitAuditRow(importId, "rollback");
        } catch (RuntimeException | AssertionError e) {
            dumpBrowser();
            throw e;
        }
    }

    @Test
    void adminRevivesADeadJobAndRetriesEveryDeadJobOfATenantAtOnce() throws IOException {
        ApiClient tenant = admin.newTenant("console-dead-" + UUID.randomUUID());
        List<String> dead = new java.util.ArrayList<>();
        List<JsonObject> tickets = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // An import of a file not uploaded yet, with one attempt: it ends dead (MISSING_FILE).
            JsonObject ticket = tenant.post("/api/contacts/uploads",
                    Json.createObjectBuilder().add("fileName", "late-" + i + ".csv").build()).json();
            tickets.add(ticket);
            dead.add(tenant.post("/api/contacts/import", Json.createObjectBuilder()
                    .add("fileKey", ticket.getString("fileKey"))
                    .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build()).json().getString("id"));
        }
        for (String id : dead) {
            assertEquals("dead", tenant.awaitSettled(id, Duration.ofMinutes(2)).getString("status"));
        }
        String tenantId = admin.get("/api/jobs/" + dead.get(0)).json().getString("tenantId");
        // The files arrive late: retried now, the jobs complete.
        for (int i = 0; i < 3; i++) {
            assertEquals(200, tenant.putTo(tickets.get(i).getString("uploadUrl"),
                    ContactsCsv.rows(20).domain("late-" + i + ".example.com").bytes()).status());
        }
        String revived = dead.get(0);
        List<String> bulk = dead.subList(1, 3);
        try {
            signIn(admin.key());

            // Revive one from its page: it runs again and completes, live.
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs/" + revived);
            awaitStatus("dead", Duration.ofSeconds(20));
            WebElement revive = browser.findElement(By.cssSelector("button[data-action='retry']"));
            assertEquals("Revive", revive.getText());
            revive.click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
            awaitStatus("completed", Duration.ofSeconds(90));
            assertEquals(2, admin.get("/api/jobs/" + revived).json().getInt("attempts"));
            awaitTimelineAction("retry");
            screenshot("revive-dead-job");

            // The tenant's dead jobs, filtered in the list; one button retries them all.
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs?status=dead&tenantId=" + tenantId);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                    d.findElements(By.cssSelector("#job-rows tr")).size() == bulk.size());
            for (String id : bulk) {
                assertFalse(browser.findElements(By.cssSelector("#job-rows tr[data-job='" + id + "']")).isEmpty(), id);
            }
            browser.findElement(By.id("bulk-retry")).click();
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
            WebElement outcome = waitFor(Duration.ofSeconds(20), By.cssSelector("#bulk-outcome .notice"));
            assertTrue(outcome.getText().startsWith("2 dead jobs queued again"), outcome.getText());
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                    d.findElements(By.cssSelector("#job-rows tr")).isEmpty());
            screenshot("bulk-retry-dead-jobs");
            for (String id : bulk) {
                JsonObject job = admin.awaitJob(id, Duration.ofMinutes(2), j -> ApiClient.SETTLED.contains(j.getString("status"))
                        && j.getInt("attempts") == 2);
                assertEquals("completed", job.getString("status"), job.toString());
            }

            // Each retried job's timeline shows the bulk retry, and so does the audit page.
            browser.navigate().to(ApiClient.baseUrl() + "/admin/#/jobs/" + bulk.get(0));
            awaitStatus("completed", Duration.ofSeconds(20));
            awaitTimelineAction("bulk-retry");
            awaitAuditRow(revived, "retry");
            for (String id : bulk) {
                awaitAuditRow(id, "bulk-retry");
            }
            // The key's id narrows the audit page to that key's actions: the whole bulk retry is there.
            String keyId = admin.get("/api/console/session").json().getString("keyId");
            browser.findElement(By.cssSelector("#audit-rows td[title='" + keyId + "'] a")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("keyId=" + keyId));
            for (String id : bulk) {
                waitFor(Duration.ofSeconds(20), By.cssSelector("#audit-rows a[href='#/jobs/" + id + "']"));
            }
            assertTrue(browser.findElements(By.cssSelector("#audit-rows td[title]")).stream()
                    .allMatch(cell -> cell.getAttribute("title").equals(keyId)), "only that key's actions");
            screenshot("audit-bulk-retry");
        } catch (RuntimeException | AssertionError e) {
            dumpBrowser();
            throw e;
        }
    }

    private static void signIn(String key) {
        browser.navigate().to(ApiClient.baseUrl() + "/admin/");
        // The page shows the sign-in form or the signed-in console only once it has asked the server about a key
        // kept in this tab: sign out only after that, or a slow answer leaves the previous test's key signed in.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.id("key")),
                ExpectedConditions.visibilityOfElementLocated(By.id("logout"))));
        signOut();
        WebElement field = waitFor(Duration.ofSeconds(20), By.id("key"));
        field.sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        waitFor(Duration.ofSeconds(20), By.cssSelector("#overview .tiles"));
        assertFalse(browser.getCurrentUrl().contains(key), "the key never goes into the URL");
    }

    private static void signOut() {
        List<WebElement> logout = browser.findElements(By.id("logout"));
        if (!logout.isEmpty() && logout.get(0).isDisplayed()) {
            logout.get(0).click();
        }
    }

    private static void awaitStatus(String status, Duration timeout) {
        new WebDriverWait(browser, timeout).until(ExpectedConditions.textToBe(By.cssSelector("#job-status .badge"), status));
    }

    /** The timeline line of an action on the job shown, by the admin key, answered 202. */
    private WebElement awaitTimelineAction(String action) {
        String keyId = admin.get("/api/console/session").json().getString("keyId");
        String expected = action + " by admin key " + keyId.substring(0, 8) + " → 202";
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(
                        By.cssSelector("#timeline li[data-kind='action']")).stream()
                .filter(li -> li.getText().contains(expected)).findFirst().orElse(null));
    }

    /** The audit page, narrowed to the job, lists the action with the admin key's id. */
    private void awaitAuditRow(String jobId, String action) {
        String keyId = admin.get("/api/console/session").json().getString("keyId");
        browser.navigate().to(ApiClient.baseUrl() + "/admin/#/audit?jobId=" + jobId);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#audit-rows tr"))
                .stream().anyMatch(row -> {
                    List<WebElement> cells = row.findElements(By.tagName("td"));
                    return cells.size() == 7 && keyId.equals(cells.get(1).getAttribute("title"))
                            && cells.get(2).getText().equals("admin") && cells.get(3).getText().equals(action)
                            && !cells.get(4).findElements(By.cssSelector("a[href='#/jobs/" + jobId + "']")).isEmpty()
                            && cells.get(5).getText().equals("202");
                }));
    }

    private static long contactsAt(String domain) {
        return Database.count("select count(*) from contacts where email like ?", "%@" + domain);
    }

    private static int progress() {
        return Integer.parseInt(browser.findElement(By.id("job-progress")).getAttribute("aria-valuenow"));
    }

    private static WebElement waitFor(Duration timeout, By locator) {
        return new WebDriverWait(browser, timeout).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void dumpBrowser() {
        try {
            System.err.println("Console URL: " + browser.getCurrentUrl());
            browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.err.println("browser: " + entry));
            System.err.println(browser.findElement(By.tagName("main")).getText());
            screenshot("failure-" + System.currentTimeMillis());
        } catch (RuntimeException | IOException e) {
            System.err.println("Could not dump the browser: " + e);
        }
    }
}
