package io.lading.testsupport;

import com.opencsv.CSVReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.time.LocalDate;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/** XLSX twins of test CSV files, typed as a spreadsheet user's would be. */
public final class Workbooks {

    private Workbooks() {
    }

    /**
     * The CSV's rows as a one-sheet workbook: text cells, except the whole numbers of {@code numberColumn} as
     * number cells and the ISO dates of {@code dateColumn} as date cells (header row excepted).
     */
    public static byte[] fromCsv(String csv, String sheetName, int numberColumn, int dateColumn) throws Exception {
        try (var reader = new CSVReader(new StringReader(csv));
             var workbook = new SXSSFWorkbook(100);
             var out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet(sheetName);
            var dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            String[] values;
            int r = 0;
            while ((values = reader.readNext()) != null) {
                var row = sheet.createRow(r);
                for (int c = 0; c < values.length; c++) {
                    var cell = row.createCell(c);
                    if (r > 0 && c == numberColumn && values[c].matches("\\d+")) {
                        cell.setCellValue(Double.parseDouble(values[c]));
                    } else if (r > 0 && c == dateColumn) {
                        cell.setCellValue(LocalDate.parse(values[c]));
                        cell.setCellStyle(dateStyle);
                    } else {
                        cell.setCellValue(values[c]);
                    }
                }
                r++;
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
