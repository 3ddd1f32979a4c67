package io.lading.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
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
 * and a viewer key that sees no action buttons. Screenshots go to {@code target/console-screenshots}.
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
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=" + fileName,
                ContactsCsv.rows(150_000).domain("console.example.com").bytes(), "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        try {
            signIn(admin.key());
            assertEquals("admin", browser.findElement(By.id("role")).getText());

            // Overview: the import appears among the running jobs, with its progress bar.
            waitFor(Duration.ofSeconds(90), By.cssSelector("#overview li[data-job='" + jobId + "'] .progress"));
            assertFalse(browser.findElements(By.cssSelector("#overview table")).isEmpty(), "counts by type and status");
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

    private static void signIn(String key) {
        browser.navigate().to(ApiClient.baseUrl() + "/admin/");
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
