package io.lading.imports.control;

import io.lading.contacts.control.ContactRecords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XlsxRowSourceTest {

    // ---- values as typed ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void valuesComeOutAsTheUserTypedThem(boolean sharedStrings) throws IOException {
        byte[] xlsx = workbook(sharedStrings, wb -> {
            Sheet sheet = wb.createSheet("Contacts");
            CellStyle shortDate = style(wb, "m/d/yy");          // built-in format 14, as Excel sets for 1/15/24
            CellStyle germanDate = style(wb, "dd.mm.yyyy");
            CellStyle dateTime = style(wb, "yyyy-mm-dd hh:mm");
            CellStyle thousands = style(wb, "#,##0");
            CellStyle twoDecimals = style(wb, "0.00");
            CellStyle zip = style(wb, "00000");
            CellStyle percent = style(wb, "0%");
            CellStyle text = style(wb, "@");
            row(sheet, 0, "email", "zip text", "zip number", "employees", "thousands", "revenue", "two decimals",
                    "phone", "created", "german", "at", "share", "text styled", "flag");
            Row r = sheet.createRow(1);
            r.createCell(0).setCellValue("ana@example.com");
            r.createCell(1).setCellValue("00123");
            number(r, 2, 123, zip);
            r.createCell(3).setCellValue(1000);
            number(r, 4, 1000, thousands);
            r.createCell(5).setCellValue(1234.5);
            number(r, 6, 1000.5, twoDecimals);
            r.createCell(7).setCellValue(4915112345678d);
            date(r, 8, LocalDate.of(2024, 1, 15).atStartOfDay(), shortDate);
            date(r, 9, LocalDate.of(2023, 12, 31).atStartOfDay(), germanDate);
            date(r, 10, LocalDateTime.of(2024, 1, 15, 10, 30), dateTime);
            number(r, 11, 0.125, percent);
            number(r, 12, 42, text);
            r.createCell(13).setCellValue(true);
        });

        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx))) {
            assertEquals("Contacts", source.sheetName());
            assertArrayEquals(new String[] {"email", "zip text", "zip number", "employees", "thousands", "revenue",
                    "two decimals", "phone", "created", "german", "at", "share", "text styled", "flag"}, source.header());
            SourceRow row = source.nextRow();
            assertEquals(2, row.row());
            assertArrayEquals(new String[] {"ana@example.com", "00123", "00123", "1000", "1,000", "1234.5", "1000.50",
                    "4915112345678", "2024-01-15", "2023-12-31", "2024-01-15T10:30:00", "13%", "42", "TRUE"},
                    row.values());
            assertNull(source.nextRow());
        }
    }

    @Test
    void generalNumbersShowFifteenDigitsLikeTheFormulaBar() throws IOException {
        byte[] xlsx = rawWorkbook(sheetXml(
                "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>n</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><v>0.30000000000000004</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\"><v>1000.0</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\"><v>1.5E-7</v></c></row>"
                + "<row r=\"5\"><c r=\"A5\"><v>-12</v></c></row>"
                + "<row r=\"6\"><c r=\"A6\"><v>123456789012345678</v></c></row>"), null, null);

        assertEquals(List.of("0.3", "1000", "0.00000015", "-12", "123456789012346000"),
                readAll(xlsx).stream().map(r -> r.values()[0]).toList());
    }

    @Test
    void formulasGiveTheirLastValueAndOtherCellTypesReadAsShown() throws IOException {
        String sheet = sheetXml(
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>"
                + "<c r=\"F1\" t=\"s\"><v>5</v></c><c r=\"G1\" t=\"s\"><v>6</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\"><f>21*2</f><v>42</v></c>"
                + "<c r=\"B2\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
                + "<c r=\"C2\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
                + "<c r=\"D2\" t=\"b\"><v>0</v></c>"
                + "<c r=\"E2\" t=\"d\"><v>2024-01-15T00:00:00Z</v></c>"
                + "<c r=\"F2\" s=\"1\"><f>TODAY()</f><v>45306</v></c>"
                + "<c r=\"G2\" t=\"s\"><v>7</v></c></row>");
        String strings = sharedStringsXml("formula", "text formula", "error", "bool", "iso date", "today", "rich",
                "<r><t>Hello</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> Wörld_x000D_</t></r>"
                        + "<rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh>");
        String styles = stylesXml("<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"d/m/yyyy\"/></numFmts>",
                "<xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>");

        List<SourceRow> rows = readAll(rawWorkbook(sheet, strings, styles));

        assertArrayEquals(new String[] {"42", "ab", "#N/A", "FALSE", "2024-01-15", "2024-01-15", "Hello Wörld\r"},
                rows.get(0).values());
    }

    @Test
    void workbooksCountingDatesFrom1904GiveTheSameDates() throws IOException {
        String sheet = sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>d</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43844</v></c></row>");
        String styles = stylesXml("", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>");

        List<SourceRow> rows = readAll(rawWorkbook(sheet, null, styles, "<workbookPr date1904=\"1\"/>"));

        assertEquals("2024-01-15", rows.get(0).values()[0]);
    }

    // ---- rows --------------------------------------------------------------------------------------------------

    @Test
    void missingCellsAreEmptyAndRowsHaveTheHeadersWidth() throws IOException {
        byte[] xlsx = workbook(false, wb -> {
            Sheet sheet = wb.createSheet("s");
            row(sheet, 0, "email", "first", "last", "city");
            Row middle = sheet.createRow(1);
            middle.createCell(0).setCellValue("a@example.com");
            middle.createCell(2).setCellValue("Lima");        // B missing, D missing
            Row onlyFirst = sheet.createRow(2);
            onlyFirst.createCell(0).setCellValue("b@example.com");
            onlyFirst.createCell(3).setCellValue("");           // an empty cell at the end is no value
            Row wider = sheet.createRow(3);
            wider.createCell(0).setCellValue("c@example.com");
            wider.createCell(5).setCellValue("beyond the header");
        });

        List<SourceRow> rows = readAll(xlsx);

        assertArrayEquals(new String[] {"a@example.com", "", "Lima", ""}, rows.get(0).values());
        assertArrayEquals(new String[] {"b@example.com", "", "", ""}, rows.get(1).values());
        assertArrayEquals(new String[] {"c@example.com", "", "", "", "", "beyond the header"}, rows.get(2).values(),
                "a value past the header's last column is kept, so the row is reported as too wide");
    }

    @Test
    void blankRowsAreSkippedAndRowNumbersAreTheSheets() throws IOException {
        byte[] xlsx = workbook(false, wb -> {
            Sheet sheet = wb.createSheet("s");
            sheet.createRow(0).createCell(0).setCellValue("   ");   // blank rows above the header
            row(sheet, 2, "Email", " First Name ", "", "Phone");      // header on sheet row 3, an empty column
            row(sheet, 3, "a@example.com", "Ana");
            Row blank = sheet.createRow(4);
            blank.createCell(0).setCellValue("");
            blank.createCell(1).setCellValue(" ");
            row(sheet, 7, "b@example.com", "Bo", "x", "1");
        });

        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx))) {
            assertArrayEquals(new String[] {"Email", "First Name", "", "Phone"}, source.header());
            SourceRow first = source.nextRow();
            SourceRow second = source.nextRow();
            assertNull(source.nextRow());
            assertEquals(4, first.row(), "the header is on row 3 of the sheet");
            assertEquals(8, second.row(), "row numbers are the sheet's, gaps included");
            assertArrayEquals(new String[] {"a@example.com", "Ana", "", ""}, first.values());
        }
    }

    @Test
    void cellsAndRowsWithoutReferencesFollowTheirNeighbours() throws IOException {
        String sheet = sheetXml("<row><c t=\"inlineStr\"><is><t>email</t></is></c><c t=\"inlineStr\"><is><t>n</t></is></c></row>"
                + "<row><c t=\"inlineStr\"><is><t>a@example.com</t></is></c><c><v>1</v></c></row>");

        List<SourceRow> rows = readAll(rawWorkbook(sheet, null, null));

        assertEquals(2, rows.get(0).row());
        assertArrayEquals(new String[] {"a@example.com", "1"}, rows.get(0).values());
    }

    @Test
    void anEmptySheetHasNoHeader() {
        byte[] xlsx = workbook(false, wb -> wb.createSheet("empty"));

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(xlsx));
        assertEquals("EMPTY_FILE", failure.code());
    }

    // ---- sheets ------------------------------------------------------------------------------------------------

    @Test
    void theFirstVisibleSheetIsReadUnlessASheetIsNamedOrNumbered() throws IOException {
        byte[] xlsx = workbook(true, wb -> {
            row(wb.createSheet("Lookup"), 0, "hidden");
            row(wb.createSheet("People"), 0, "email", "sheet");
            row(wb.getSheet("People"), 1, "a@example.com", "people");
            row(wb.createSheet("Leads 2024"), 0, "email", "sheet");
            row(wb.getSheet("Leads 2024"), 1, "b@example.com", "leads");
            wb.setActiveSheet(1);
            wb.setFirstVisibleTab(1);
            wb.setSheetVisibility(0, SheetVisibility.HIDDEN);
        });

        assertEquals("people", only(xlsx, null).values()[1], "a hidden first sheet is not the first sheet");
        assertEquals("leads", only(xlsx, "leads 2024").values()[1], "by name, ignoring case");
        assertEquals("leads", only(xlsx, "2").values()[1], "by position among the visible sheets");
        assertEquals("people", only(xlsx, " 1 ").values()[1]);
        assertEquals("hidden", header(xlsx, "Lookup")[0], "a hidden sheet can still be named");

        JobFailure missing = assertThrows(JobFailure.class, () -> only(xlsx, "Customers"));
        assertEquals("SHEET_NOT_FOUND", missing.code());
        assertTrue(missing.getMessage().contains("'People', 'Leads 2024'"), missing.getMessage());
        assertEquals("SHEET_NOT_FOUND", assertThrows(JobFailure.class, () -> only(xlsx, "3")).code());
        assertEquals("SHEET_NOT_FOUND", assertThrows(JobFailure.class, () -> only(xlsx, "0")).code());
    }

    // ---- size, memory, progress, temp files --------------------------------------------------------------------

    @Test
    void aLargeSheetStreamsWithBoundedHeapAndSpillsSharedStringsToDisk() throws IOException {
        int rows = 200_000;
        Path file = Files.createTempFile("xlsx-test-", ".xlsx");
        try {
            bigWorkbook(file, rows);
            long fileSize = Files.size(file);
            long baseline = usedHeap();
            long peak = 0;
            long count = 0;
            long lastBytes = 0;
            SourceRow last = null;
            List<Path> temps;
            long started = System.nanoTime();
            // A 1 MiB budget for shared strings: about 10,000 of the 400,007 stay in memory, the rest go to disk
            try (XlsxRowSource source = new XlsxRowSource(Files.newInputStream(file), null, 1L << 20)) {
                temps = source.temporaryFiles();
                assertEquals(3, temps.size(), "the copy of the workbook, and the spilled strings with their offsets");
                SourceRow row;
                while ((row = source.nextRow()) != null) {
                    count++;
                    assertTrue(row.bytesRead() >= lastBytes, "progress never goes back");
                    lastBytes = row.bytesRead();
                    if (count % 40_000 == 0) {
                        peak = Math.max(peak, usedHeap() - baseline);
                        assertArrayEquals(new String[] {"person" + count + "@example.com", "Person Number " + count,
                                count % 2 == 0 ? "Portugal" : "Germany", String.valueOf(count),
                                LocalDate.of(2024, 1, 1).plusDays(count % 365).toString()}, row.values());
                    }
                    last = row;
                }
                assertEquals(fileSize, source.bytesRead(), "at the end, progress is the whole file");
                assertTrue(temps.stream().allMatch(Files::exists));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(rows, count);
            assertEquals(rows + 1, last.row());
            assertTrue(temps.stream().noneMatch(Files::exists), "temp files are deleted on close");
            System.out.printf("XLSX: %,d rows (%,d KB) read in %,d ms; heap above the baseline at most %,d KB%n",
                    rows, fileSize / 1024, millis, peak / 1024);
            assertTrue(peak < 32L << 20, "heap grew by " + peak / 1024 + " KB while streaming");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A workbook of {@code rows} contacts whose emails and names are all distinct shared strings, written straight
     * to a zip (POI's writer keeps every shared string in memory, and takes far longer).
     */
    private static void bigWorkbook(Path file, int rows) throws IOException {
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        Map<String, String> parts = rawParts("", "", stylesXml("", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"), "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var part : parts.entrySet()) {
                if (part.getKey().equals("xl/sharedStrings.xml") || part.getKey().equals("xl/worksheets/sheet1.xml")) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + main + "\">");
            for (String header : new String[] {"email", "name", "country", "employees", "created", "Portugal", "Germany"}) {
                out.write("<si><t>" + header + "</t></si>");
            }
            for (int i = 1; i <= rows; i++) {
                out.write("<si><t>person" + i + "@example.com</t></si><si><t>Person Number " + i + "</t></si>");
            }
            out.write("</sst>");
            out.flush();
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + main + "\"><sheetData>");
            out.write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                    + "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>");
            for (int i = 1; i <= rows; i++) {
                int r = i + 1;
                out.write("<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"s\"><v>" + (7 + 2 * (i - 1)) + "</v></c>"
                        + "<c r=\"B" + r + "\" t=\"s\"><v>" + (8 + 2 * (i - 1)) + "</v></c>"
                        + "<c r=\"C" + r + "\" t=\"s\"><v>" + (i % 2 == 0 ? 5 : 6) + "</v></c>"
                        + "<c r=\"D" + r + "\"><v>" + i + "</v></c>"
                        + "<c r=\"E" + r + "\" s=\"1\"><v>" + (45292 + i % 365) + "</v></c></row>");
            }
            out.write("</sheetData></worksheet>");
            out.flush();
            zip.closeEntry();
        }
    }

    // ---- hostile and foreign files -----------------------------------------------------------------------------

    @Test
    void aZipBombIsRefusedWithoutInflatingIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');   // whitespace an XML parser would read on and on
            for (int i = 0; i < 512; i++) {    // 512 MiB, about 500 KB compressed
                zip.write(spaces);
            }
            zip.closeEntry();
        }

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(bytes.toByteArray()));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("zip bomb"), failure.getMessage());
    }

    @Test
    void aWorkbookWhoseSheetInflatesHugelyIsRefused() throws IOException {
        StringBuilder padding = new StringBuilder("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>email</t></is></c></row>");
        String row = "<row><c t=\"inlineStr\"><is><t>a@example.com</t></is></c></row>";
        while (padding.length() < 8 << 20) {
            padding.append(row);
        }
        byte[] xlsx = rawWorkbook(sheetXml(padding.toString()), null, null);

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(xlsx));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("zip bomb"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"})
    void anXmlBombIsRefused(String part) throws IOException {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";
        Map<String, String> parts = rawParts(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
                sharedStringsXml("email"), null, "");
        parts.put(part, bomb + parts.get(part).substring(parts.get(part).indexOf("?>") + 2).replaceFirst(">", ">&lol9;"));

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(zip(parts)));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
    }

    @Test
    void externalEntitiesAreNotRead() throws IOException {
        Path secret = Files.createTempFile("xlsx-secret-", ".txt");
        try {
            Files.writeString(secret, "TOP-SECRET");
            String sheet = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                    + sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")
                    .substring(sheetXml("").indexOf("?>") + 2);

            JobFailure failure = assertThrows(JobFailure.class, () -> readAll(rawWorkbook(sheet, null, null)));
            assertEquals("UNSUPPORTED_FORMAT", failure.code());
            assertFalse(failure.getMessage().contains("TOP-SECRET"));
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void randomBytesAreNotAWorkbook() {
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(noise));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
    }

    @Test
    void randomBytesAfterAZipSignatureAreNotAWorkbook() {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        noise[0] = 'P';
        noise[1] = 'K';
        noise[2] = 3;
        noise[3] = 4;

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(noise));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
    }

    @Test
    void aZipThatIsNotAWorkbookIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("contacts.csv"));
            zip.write("email\na@example.com\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(bytes.toByteArray()));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
    }

    @Test
    void aPasswordProtectedWorkbookIsRefusedWithAHint() throws Exception {
        byte[] plain = workbook(false, wb -> row(wb.createSheet("s"), 0, "email"));
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream out = encryptor.getDataStream(fs)) {
                out.write(plain);
            }
            fs.writeFilesystem(encrypted);
        }

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(encrypted.toByteArray()));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("password"), failure.getMessage());
    }

    @Test
    void cellsPastTheLastExcelColumnAreRefused() throws IOException {
        String sheet = sheetXml("<row r=\"1\"><c r=\"ZZZZ1\" t=\"inlineStr\"><is><t>email</t></is></c></row>");

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(rawWorkbook(sheet, null, null)));
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
    }

    @Test
    void malformedSheetXmlFailsWithTheRowItFollowed() throws IOException {
        String sheet = sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>email</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a@example.com</t></is></c></row>"
                + "<row r=\"3\"><c r=\"A3\"><v>1</c></row>");

        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(rawWorkbook(sheet, null, null)))) {
            JobFailure failure = assertThrows(JobFailure.class, () -> {
                while (source.nextRow() != null) {
                    // read on
                }
            });
            assertEquals("UNSUPPORTED_FORMAT", failure.code());
            assertTrue(failure.getMessage().contains("near row 3"), failure.getMessage());
        }
    }

    // ---- CSV and XLSX agree ------------------------------------------------------------------------------------

    @Test
    void theSameContactsAsCsvAndAsXlsxGiveTheSameRows() throws IOException {
        String csv = "Email,First Name,Last Name,Phone,Company,Employees,Created On\n"
                + "ana@example.com,Ana,Lima,+351 912 345 678,Acme,250,2024-03-05\n"
                + "bo@example.com,Bo,,00441234,\"Smith, Jones & Co\",\"1,000\",2023-12-31\n"
                + "\n"
                + "not-an-email,Cy,Chan,,,12,2024-02-30\n";
        byte[] xlsx = workbook(true, wb -> {
            Sheet sheet = wb.createSheet("Contacts");
            CellStyle date = style(wb, "m/d/yy");
            CellStyle thousands = style(wb, "#,##0");
            row(sheet, 0, "Email", "First Name", "Last Name", "Phone", "Company", "Employees", "Created On");
            Row ana = row(sheet, 1, "ana@example.com", "Ana", "Lima", "+351 912 345 678", "Acme");
            ana.createCell(5).setCellValue(250);
            date(ana, 6, LocalDate.of(2024, 3, 5).atStartOfDay(), date);
            Row bo = row(sheet, 2, "bo@example.com", "Bo", "", "00441234", "Smith, Jones & Co");
            number(bo, 5, 1000, thousands);
            date(bo, 6, LocalDate.of(2023, 12, 31).atStartOfDay(), date);
            Row cy = row(sheet, 4, "not-an-email", "Cy", "Chan", "", "", "");
            cy.createCell(5).setCellValue(12);
            cy.createCell(6).setCellValue("2024-02-30");
        });

        List<SourceRow> fromCsv = new ArrayList<>();
        List<SourceRow> fromXlsx = new ArrayList<>();
        String[] csvHeader;
        String[] xlsxHeader;
        try (RowSource source = new CsvRowSource(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8, null)) {
            csvHeader = source.header();
            for (SourceRow row; (row = source.nextRow()) != null; ) {
                fromCsv.add(row);
            }
        }
        try (RowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx))) {
            xlsxHeader = source.header();
            for (SourceRow row; (row = source.nextRow()) != null; ) {
                fromXlsx.add(row);
            }
        }

        assertArrayEquals(csvHeader, xlsxHeader);
        assertEquals(fromCsv.size(), fromXlsx.size());
        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, csvHeader, Map.of());
        for (int i = 0; i < fromCsv.size(); i++) {
            SourceRow c = fromCsv.get(i);
            SourceRow x = fromXlsx.get(i);
            assertEquals(c.row(), x.row());
            assertArrayEquals(c.values(), x.values(), "row " + c.row());
            ImportRow fromC = RowValidation.validate(c, mapping);
            ImportRow fromX = RowValidation.validate(x, mapping);
            assertEquals(fromC.getClass(), fromX.getClass());
            if (fromC instanceof ImportRow.Valid valid) {
                assertEquals(valid.record(), ((ImportRow.Valid) fromX).record());
            } else {
                assertEquals(((ImportRow.Rejected) fromC).code(), ((ImportRow.Rejected) fromX).code());
            }
        }
        assertInstanceOf(ImportRow.Valid.class, RowValidation.validate(fromXlsx.get(1), mapping));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    interface Filler {
        void fill(SXSSFWorkbook wb) throws IOException;
    }

    /** An .xlsx written by POI's streaming writer, with inline strings or a shared strings table. */
    static byte[] workbook(boolean sharedStrings, Filler filler) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 100, false, sharedStrings)) {
            filler.fill(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Row row(Sheet sheet, int index, String... values) {
        Row row = sheet.getRow(index) != null ? sheet.getRow(index) : sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            row.createCell(i).setCellValue(values[i]);
        }
        return row;
    }

    static CellStyle style(Workbook wb, String format) {
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(wb.createDataFormat().getFormat(format));
        return style;
    }

    static void number(Row row, int column, double value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    static void date(Row row, int column, LocalDateTime value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    static String sheetXml(String rows) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<sheetData>" + rows + "</sheetData></worksheet>";
    }

    static String sharedStringsXml(String... items) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (String item : items) {
            xml.append("<si>").append(item.startsWith("<") ? item : "<t>" + item + "</t>").append("</si>");
        }
        return xml.append("</sst>").toString();
    }

    static String stylesXml(String numFmts, String cellXfs) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + numFmts
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"49\"/></cellStyleXfs>"
                + "<cellXfs>" + cellXfs + "</cellXfs></styleSheet>";
    }

    static byte[] rawWorkbook(String sheet, String sharedStrings, String styles) throws IOException {
        return rawWorkbook(sheet, sharedStrings, styles, "");
    }

    static byte[] rawWorkbook(String sheet, String sharedStrings, String styles, String workbookPr) throws IOException {
        return zip(rawParts(sheet, sharedStrings, styles, workbookPr));
    }

    /** The parts of a minimal .xlsx written by hand, for what POI's writer does not produce. */
    static Map<String, String> rawParts(String sheet, String sharedStrings, String styles, String workbookPr) {
        String main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + "</Types>");
        parts.put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"" + rel + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
        parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel + "\">" + workbookPr
                + "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        StringBuilder rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>");
        if (sharedStrings != null) {
            rels.append("<Relationship Id=\"rId2\" Type=\"").append(rel)
                    .append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
            parts.put("xl/sharedStrings.xml", sharedStrings);
        }
        if (styles != null) {
            rels.append("<Relationship Id=\"rId3\" Type=\"").append(rel).append("/styles\" Target=\"styles.xml\"/>");
            parts.put("xl/styles.xml", styles);
        }
        parts.put("xl/_rels/workbook.xml.rels", rels.append("</Relationships>").toString());
        parts.put("xl/worksheets/sheet1.xml", sheet);
        return parts;
    }

    static byte[] zip(Map<String, String> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static List<SourceRow> readAll(byte[] xlsx) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx))) {
            for (SourceRow row; (row = source.nextRow()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static SourceRow only(byte[] xlsx, String sheet) throws IOException {
        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx), sheet)) {
            SourceRow row = source.nextRow();
            assertNull(source.nextRow());
            return row;
        }
    }

    private static String[] header(byte[] xlsx, String sheet) throws IOException {
        try (XlsxRowSource source = new XlsxRowSource(new ByteArrayInputStream(xlsx), sheet)) {
            return source.header();
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
