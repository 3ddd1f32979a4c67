package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import io.lading.imports.entity.SourceRow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvLineTest {

    static Stream<Arguments> records() {
        return Stream.<String[]>of(
                new String[] {"ana@example.com", "Ana", "Lima"},
                new String[] {"comma, inside", "quote \"inside\"", "\"fully quoted\""},
                new String[] {"line one\nline two", "trailing newline\n", "\nleading newline"},
                new String[] {"", "  spaces kept  ", ""},
                new String[] {"all, of \"it\"\nat once", "back\\slash", "semi;colon|pipe\ttab"},
                new String[] {"Müller", "Zürich", "日本"},
                new String[] {"single"})
                .map(values -> Arguments.of((Object) values));
    }

    @ParameterizedTest
    @MethodSource("records")
    void encodedLineReadsBackAsTheSameValuesWithOpencsv(String[] values) throws Exception {
        String line = CsvLine.encode(values);

        try (CSVReader reader = new CSVReaderBuilder(new StringReader(line))
                .withCSVParser(new RFC4180ParserBuilder().build()).build()) {
            assertArrayEquals(values, reader.readNext(), "line was: " + line);
            assertNull(reader.readNext(), "one record, not more: " + line);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void encodedLinesReimportThroughCsvRowSource(String[] values) throws IOException {
        String header = CsvLine.encode(new String[] {"h"});
        String file = header + "\r\n" + CsvLine.encode(values) + "\r\n"
                + CsvLine.encode(new String[] {"next"}) + "\r\n";

        try (CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8, ',')) {
            SourceRow row = source.nextRow();
            assertArrayEquals(values, row.values());
            assertArrayEquals(new String[] {"next"}, source.nextRow().values(), "the record ended where it should");
        }
    }

    @Test
    void plainValuesAreNotQuotedAndQuotesAreDoubled() {
        assertEquals("a,b,c", CsvLine.encode(new String[] {"a", "b", "c"}));
        assertEquals("\"say \"\"hi\"\"\",\"x,y\"", CsvLine.encode(new String[] {"say \"hi\"", "x,y"}));
    }

    @Test
    void lineHasNoLineEnd() {
        String line = CsvLine.encode(new String[] {"a", "b"});

        assertFalse(line.endsWith("\n") || line.endsWith("\r"), line);
    }
}
