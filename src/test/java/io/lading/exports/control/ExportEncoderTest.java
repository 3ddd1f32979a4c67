package io.lading.exports.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.opencsv.CSVReader;
import io.lading.contacts.entity.ContactColumn;
import io.lading.exports.entity.ExportFormat;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ExportEncoderTest {

    private static final List<ContactColumn> COLUMNS = List.of(ContactColumn.EMAIL, ContactColumn.TITLE,
            ContactColumn.EMPLOYEES, ContactColumn.CREATED_ON);

    private static final Object[][] ROWS = {
            {"a@example.com", "=HYPERLINK(\"http://evil\")", 12, LocalDate.of(2020, 2, 3)},
            {"b@example.com", "Founder, \"Chief\"\nand Board", null, null},
            {"c@example.com", "+1 555", -5, null},
            {"d@example.com", "-2+3", 1, null},
            {"e@example.com", "@SUM(A1)", 1, null},
            {"f@example.com", "\tTab", 1, null},
            {"g@example.com", "\rCR", 1, null},
            {"h@example.com", "Zoë & <Łukasiewicz>", 1, null},
    };

    private static byte[] encode(ExportFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder encoder = ExportEncoder.of(format, COLUMNS, out);
        encoder.begin(0);
        for (Object[] row : ROWS) {
            encoder.row(row);
        }
        encoder.end();
        return out.toByteArray();
    }

    @Test
    void csvIsRfc4180WithFormulasNeutralised() throws Exception {
        byte[] csv = encode(ExportFormat.CSV);
        assertTrue(new String(csv, StandardCharsets.UTF_8).startsWith("email,title,employees,createdOn\r\n"
                + "a@example.com,\"'=HYPERLINK(\"\"http://evil\"\")\",12,2020-02-03\r\n"));
        try (CSVReader reader = new CSVReader(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8))) {
            List<String[]> rows = reader.readAll();
            assertEquals(ROWS.length + 1, rows.size());
            assertEquals("'=HYPERLINK(\"http://evil\")", rows.get(1)[1]);
            assertEquals("Founder, \"Chief\"\nand Board", rows.get(2)[1]);
            assertEquals("", rows.get(2)[2]);
            assertEquals("'+1 555", rows.get(3)[1]);
            assertEquals("-5", rows.get(3)[2], "numbers are not formulas");
            assertEquals("'-2+3", rows.get(4)[1]);
            assertEquals("'@SUM(A1)", rows.get(5)[1]);
            assertEquals("'\tTab", rows.get(6)[1]);
            // opencsv reads a quoted CR as a line break; the bytes are right:
            assertTrue(new String(csv, StandardCharsets.UTF_8).contains("\r\ng@example.com,\"'\rCR\",1,\r\n"));
            assertEquals("Zoë & <Łukasiewicz>", rows.get(8)[1]);
        }
    }

    @Test
    void jsonIsAnArrayOfTypedObjectsAsTheyAre() throws Exception {
        JsonArray rows = Json.createReader(new StringReader(new String(encode(ExportFormat.JSON), StandardCharsets.UTF_8)))
                .readArray();
        assertEquals(ROWS.length, rows.size());
        assertEquals("=HYPERLINK(\"http://evil\")", rows.getJsonObject(0).getString("title"));
        assertEquals(12, rows.getJsonObject(0).getInt("employees"));
        assertEquals("2020-02-03", rows.getJsonObject(0).getString("createdOn"));
        assertEquals(true, rows.getJsonObject(1).isNull("employees"));
        assertEquals("\rCR", rows.getJsonObject(6).getString("title"));
    }

    @Test
    void jsonLinesHoldOneObjectPerLine() throws Exception {
        String[] lines = new String(encode(ExportFormat.JSONL), StandardCharsets.UTF_8).split("\n");
        assertEquals(ROWS.length, lines.length);
        assertEquals("b@example.com", Json.createReader(new StringReader(lines[1])).readObject().getString("email"));
    }

    @Test
    void anEmptyJsonExportIsAnEmptyArray() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder encoder = ExportEncoder.of(ExportFormat.JSON, COLUMNS, out);
        encoder.begin(0);
        encoder.end();
        assertEquals(0, Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8))).readArray().size());
    }

    @Test
    void xlsxNeutralisesFormulasAndContinuesOnANewSheetWithTheHeader() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportEncoder encoder = new XlsxEncoder(COLUMNS, out, 3);
        encoder.begin(0);
        for (Object[] row : ROWS) {
            encoder.row(row);
        }
        encoder.end();

        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(3, workbook.getNumberOfSheets());
            assertEquals("Contacts 2", workbook.getSheetName(1));
            DataFormatter text = new DataFormatter();
            Sheet first = workbook.getSheetAt(0);
            assertEquals("email", first.getRow(0).getCell(0).getStringCellValue());
            assertEquals(4, first.getPhysicalNumberOfRows());
            assertEquals("'=HYPERLINK(\"http://evil\")", first.getRow(1).getCell(1).getStringCellValue());
            assertEquals(12.0, first.getRow(1).getCell(2).getNumericCellValue());
            assertEquals("2020-02-03", text.formatCellValue(first.getRow(1).getCell(3)));
            assertEquals("Founder, \"Chief\"\nand Board", first.getRow(2).getCell(1).getStringCellValue());
            Sheet second = workbook.getSheetAt(1);
            assertEquals("email", second.getRow(0).getCell(0).getStringCellValue());
            assertEquals("d@example.com", second.getRow(1).getCell(0).getStringCellValue());
            assertEquals("'@SUM(A1)", second.getRow(2).getCell(1).getStringCellValue());
            Sheet third = workbook.getSheetAt(2);
            assertEquals("'\rCR", third.getRow(1).getCell(1).getStringCellValue());
            assertEquals("Zoë & <Łukasiewicz>", third.getRow(2).getCell(1).getStringCellValue());
        }
    }

    @Test
    void columnLettersGoPastZ() {
        assertEquals("A", XlsxEncoder.columnLetters(0));
        assertEquals("Z", XlsxEncoder.columnLetters(25));
        assertEquals("AA", XlsxEncoder.columnLetters(26));
        assertEquals("AZ", XlsxEncoder.columnLetters(51));
    }
}
