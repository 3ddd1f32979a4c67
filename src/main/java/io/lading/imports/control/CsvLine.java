package io.lading.imports.control;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One record encoded as an RFC 4180 CSV line (without the line end), as the error report stores it. */
public final class CsvLine {

    private CsvLine() {
    }

    public static String encode(String[] values) {
        StringWriter out = new StringWriter();
        try (ICSVWriter writer = new CSVWriter(out, ',', '"', '"', "")) {
            writer.writeNext(values, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
