package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.entity.ImportParameters;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportFormatTest {

    private static final ImportParameters DEFAULTS = parameters(null, null, null);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1, 0, 0, 0, 0};

    @Test
    void textIsCsvAndAWorkbookIsXlsxWhateverTheName() throws IOException {
        byte[] xlsx = XlsxRowSourceTest.workbook(false, wb -> XlsxRowSourceTest.row(
                XlsxRowSourceTest.row(wb.createSheet("s"), 0, "email", "name").getSheet(), 1, "a@example.com", "Ana"));
        byte[] csv = "email;name\na@example.com;Ana\n".getBytes(StandardCharsets.UTF_8);

        for (String name : new String[] {"contacts.xlsx", "contacts.XLSM", "contacts", null, "contacts.csv"}) {
            try (RowSource source = ImportFormat.open(name, new ByteArrayInputStream(xlsx), DEFAULTS)) {
                assertInstanceOf(XlsxRowSource.class, source, String.valueOf(name));
                assertArrayEquals(new String[] {"a@example.com", "Ana"}, source.nextRow().values());
            }
        }
        for (String name : new String[] {"contacts.csv", "contacts.TXT", "contacts.tsv", "contacts", null}) {
            try (RowSource source = ImportFormat.open(name, new ByteArrayInputStream(csv), DEFAULTS)) {
                assertInstanceOf(CsvRowSource.class, source, String.valueOf(name));
                assertArrayEquals(new String[] {"a@example.com", "Ana"}, source.nextRow().values());
            }
        }
    }

    @Test
    void csvSettingsStillApply() throws IOException {
        byte[] csv = "email|name\na@example.com|J\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1);

        try (RowSource source = ImportFormat.open("c.csv", new ByteArrayInputStream(csv),
                parameters("ISO-8859-1", "|", null))) {
            assertArrayEquals(new String[] {"a@example.com", "J\u00f6rg"}, source.nextRow().values());
        }
    }

    @Test
    void utf16IsReadWhenItsEncodingIsGiven() throws IOException {
        byte[] csv = "\uFEFFemail,name\na@example.com,Ana\n".getBytes(StandardCharsets.UTF_16LE);

        try (RowSource source = ImportFormat.open("c.csv", new ByteArrayInputStream(csv),
                parameters("UTF-16", null, null))) {
            assertArrayEquals(new String[] {"a@example.com", "Ana"}, source.nextRow().values());
        }
        JobFailure failure = assertThrows(JobFailure.class,
                () -> ImportFormat.open("c.csv", new ByteArrayInputStream(csv), DEFAULTS));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("UTF-16"), failure.getMessage());
    }

    @Test
    void theSheetSettingPicksTheSheet() throws IOException {
        byte[] xlsx = XlsxRowSourceTest.workbook(false, wb -> {
            XlsxRowSourceTest.row(wb.createSheet("First"), 0, "email");
            XlsxRowSourceTest.row(wb.createSheet("Second"), 0, "e-mail");
        });

        try (RowSource source = ImportFormat.open("c.xlsx", new ByteArrayInputStream(xlsx),
                parameters(null, null, "second"))) {
            assertArrayEquals(new String[] {"e-mail"}, source.header());
        }
        try (RowSource source = ImportFormat.open("c.xlsx", new ByteArrayInputStream(xlsx), null)) {
            assertArrayEquals(new String[] {"email"}, source.header());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"contacts.csv", "contacts.png", "contacts", "contacts.xlsx"})
    void anImageIsNeverReadAsRows(String name) {
        byte[] png = Arrays.copyOf(PNG, 4096);

        JobFailure failure = assertThrows(JobFailure.class, () -> open(name, png));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("PNG"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"contacts.xlsx", "contacts.xls", "contacts.csv", "contacts"})
    void anOle2ContainerIsAnEncryptedOrLegacyWorkbook(String name) {
        JobFailure failure = assertThrows(JobFailure.class, () -> open(name, Arrays.copyOf(OLE2, 4096)));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("legacy .xls"), failure.getMessage());
    }

    @Test
    void otherBinaryFilesAreRefused() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write("email\na@example.com\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] noise = new byte[8192];
        new Random(1).nextBytes(noise);
        noise[0] = 'e';
        noise[100] = 0;

        assertEquals("UNSUPPORTED_FORMAT", assertThrows(JobFailure.class, () -> open("c.csv.gz", gzip.toByteArray())).code());
        assertEquals("UNSUPPORTED_FORMAT", assertThrows(JobFailure.class, () -> open("c.csv", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).code());
        JobFailure nul = assertThrows(JobFailure.class, () -> open("c.csv", noise));
        assertEquals("UNSUPPORTED_FORMAT", nul.code());
        assertTrue(nul.getMessage().contains("binary"), nul.getMessage());
    }

    @Test
    void randomBytesNamedXlsxAreRefused() {
        byte[] noise = new byte[16 * 1024];
        new Random(99).nextBytes(noise);

        assertEquals("UNSUPPORTED_FORMAT", assertThrows(JobFailure.class, () -> open("contacts.xlsx", noise)).code());
    }

    @Test
    void textNamedXlsxIsRefusedWithAHint() {
        JobFailure failure = assertThrows(JobFailure.class,
                () -> open("contacts.xlsx", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("name it .csv"), failure.getMessage());
    }

    @Test
    void aWebPageSavedAsASpreadsheetIsRefused() {
        byte[] html = "\uFEFF  <!DOCTYPE html><html><table><tr><td>email</td></tr></table></html>"
                .getBytes(StandardCharsets.UTF_8);

        assertEquals("UNSUPPORTED_FORMAT", assertThrows(JobFailure.class, () -> open("export.xls", html)).code());
    }

    @Test
    void anEmptyFileNamedXlsxIsEmpty() {
        assertEquals("EMPTY_FILE", assertThrows(JobFailure.class, () -> open("c.xlsx", new byte[0])).code());
        assertEquals("EMPTY_FILE", assertThrows(JobFailure.class, () -> open("c.csv", new byte[0])).code());
    }

    @Test
    void detectLooksOnlyAtTheFirstBytes() {
        byte[] head = "email\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(ImportFormat.CSV, ImportFormat.detect("c.csv", head, head.length, StandardCharsets.UTF_8));
        byte[] zip = {'P', 'K', 3, 4, 20, 0};
        assertEquals(ImportFormat.XLSX, ImportFormat.detect(null, zip, zip.length, StandardCharsets.UTF_8));
    }

    @Test
    void theStreamIsClosedWhenTheFileIsRefused() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(Arrays.copyOf(PNG, 64)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThrows(JobFailure.class, () -> ImportFormat.open("c.csv", in, DEFAULTS));
        assertTrue(closed[0]);
    }

    private static RowSource open(String name, byte[] bytes) throws IOException {
        try (RowSource source = ImportFormat.open(name, new ByteArrayInputStream(bytes), DEFAULTS)) {
            for (SourceRow row; (row = source.nextRow()) != null; ) {
                // read it all
            }
            return source;
        }
    }

    private static ImportParameters parameters(String encoding, String delimiter, String sheet) {
        return new ImportParameters(Map.of(), ImportParameters.UPDATE, false, delimiter, encoding, sheet);
    }
}
