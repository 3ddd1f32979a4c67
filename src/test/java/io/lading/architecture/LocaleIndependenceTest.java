package io.lading.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.contacts.control.ContactRecords;
import io.lading.contacts.entity.ContactColumn;
import io.lading.contacts.entity.ContactField;
import io.lading.exports.entity.ExportFormat;
import io.lading.jobs.boundary.JobsResource;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.tenancy.entity.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API names mean the same on a server whose default locale is Turkish, where {@code "import".toUpperCase()} is
 * {@code "İMPORT"} and {@code "IMPORT".toLowerCase()} is {@code "ımport"}: every case conversion names its locale.
 */
class LocaleIndependenceTest {

    private static final Pattern DEFAULT_LOCALE = Pattern.compile(
            "\\.to(Lower|Upper)Case\\(\\)|String\\.format\\((?!Locale\\.)|\\.formatted\\((?=[^)]*%[dfeg,])");

    private Locale before;

    @BeforeEach
    void turkish() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void queryParametersParseUnderATurkishLocale() {
        assertEquals(JobType.IMPORT, JobsResource.parseType("import"));
        assertEquals(JobType.IMPORT, JobType.parse("IMPORT"));
        assertEquals(JobStatus.RETRY_SCHEDULED, JobStatus.parse("retry_scheduled"));
        assertEquals(JobStatus.FAILED, JobStatus.parse("failed"));
        assertEquals(JobPriority.HIGH, JobPriority.parse("high"));
        assertEquals(Role.ADMIN, Role.parse("admin"));
        assertEquals(ExportFormat.XLSX, ExportFormat.parse("xlsx").orElseThrow());
        assertEquals(ContactColumn.CITY, ContactRecords.KIND.column("city").orElseThrow());
        assertEquals(ContactField.TITLE, ContactRecords.KIND.forHeader("Job Title").orElseThrow());
    }

    @Test
    void apiNamesAreWrittenTheSameUnderATurkishLocale() {
        assertEquals("import", JobType.IMPORT.apiName());
        assertEquals("rolling_back", JobStatus.ROLLING_BACK.apiName());
        assertEquals("high", JobPriority.HIGH.apiName());
        assertEquals("admin", Role.ADMIN.apiName());
    }

    /** The parse tests above cover the names of today; this keeps a new conversion from using the default. */
    @Test
    void noCaseConversionOrNumberFormatInTheSourceUsesTheDefaultLocale() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher use = DEFAULT_LOCALE.matcher(lines.get(i));
                    if (use.find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "conversions that depend on the server's default locale");
    }
}
