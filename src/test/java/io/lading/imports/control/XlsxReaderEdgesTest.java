package io.lading.imports.control;

import static io.lading.imports.control.XlsxRowSourceTest.rawParts;
import static io.lading.imports.control.XlsxRowSourceTest.rawWorkbook;
import static io.lading.imports.control.XlsxRowSourceTest.readAll;
import static io.lading.imports.control.XlsxRowSourceTest.sharedStringsXml;
import static io.lading.imports.control.XlsxRowSourceTest.sheetXml;
import static io.lading.imports.control.XlsxRowSourceTest.zip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases where POI's sheet reader and what the user sees part ways, and packages POI's reader cannot read. */
class XlsxReaderEdgesTest {

    @Test
    void textThatLooksLikeAnErrorStaysTextAndErrorsReadAsExcelShowsThem() throws IOException {
        String sheet = sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>note</t></is></c>"
                + "<c r=\"B1\" t=\"inlineStr\"><is><t>other</t></is></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"e\"><v>#DIV/0!</v></c></row>"
                + "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>ERROR:inline</t></is></c>"
                + "<c r=\"B3\" t=\"b\"><v>1</v></c></row>"
                + "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>A1</f><v>a_x000D_b</v></c><c r=\"B4\"><v>7</v></c></row>");

        List<SourceRow> rows = readAll(rawWorkbook(sheet, sharedStringsXml("ERROR:shared"), null));

        assertArrayEquals(new String[] {"ERROR:shared", "#DIV/0!"}, rows.get(0).values());
        assertArrayEquals(new String[] {"ERROR:inline", "TRUE"}, rows.get(1).values());
        assertArrayEquals(new String[] {"a\rb", "7"}, rows.get(2).values());
    }

    @Test
    void aSheetReferringToAMissingSharedStringIsRefusedWithItsRow() throws IOException {
        String sheet = sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c></row>");

        JobFailure failure = assertThrows(JobFailure.class,
                () -> readAll(rawWorkbook(sheet, sharedStringsXml("email"), null)));

        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("Row 2") && failure.getMessage().contains("shared string 5"),
                failure.getMessage());
    }

    @Test
    void aStrictOpenXmlWorkbookIsRefusedWithAHint() throws IOException {
        Map<String, String> parts = rawParts(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>email</t></is>"
                + "</c></row>"), null, null, "");
        parts.put("_rels/.rels", parts.get("_rels/.rels").replace(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"));

        JobFailure failure = assertThrows(JobFailure.class, () -> readAll(zip(parts)));

        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("Strict Open XML"), failure.getMessage());
    }
}
