package io.lading.testsupport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Deterministic company files for tests, with headers as CRM exports write them ({@code Company Name},
 * {@code Website}, {@code Number of Employees}, ...). Company {@code i}'s domain is {@code co<i>.<suffix>},
 * written in turn as a bare domain, a URL with scheme, {@code www.} and path, one with a port, and in upper case,
 * so every row exercises the normalisation. Bad and duplicate rows sit at known places so counts can be exact.
 */
public final class CompaniesCsv {

    private static final String[] NAMES = {"Acme", "Umbrella, Inc.", "Initech", "Pied \"Piper\"", "Søren & Søn"};
    private static final String[] INDUSTRIES = {"Software", "Retail", "Manufacturing", "Finance"};
    private static final String[][] PLACES = {{"USA", "Austin"}, {"Germany", "Berlin"}, {"Brazil", "São Paulo"},
            {"Poland", "Kraków"}};

    private int rows = 100;
    private int badEvery = 0;
    private int dupEvery = 0;
    private String suffix = "example.com";
    private final long seed = 11;

    public static CompaniesCsv rows(int rows) {
        CompaniesCsv csv = new CompaniesCsv();
        csv.rows = rows;
        return csv;
    }

    /** The domains are {@code co<i>.<suffix>}, i from 1. */
    public CompaniesCsv suffix(String suffix) {
        this.suffix = suffix;
        return this;
    }

    /** Every n-th row is bad, in turn: no name, a domain that is none, a non-numeric employee count. */
    public CompaniesCsv badEvery(int n) {
        this.badEvery = n;
        return this;
    }

    /** Every n-th row (not a bad one, nor right after one) repeats the previous row's domain, written otherwise. */
    public CompaniesCsv dupEvery(int n) {
        this.dupEvery = n;
        return this;
    }

    /** Company {@code i}'s domain as it is stored (normalised). */
    public String domain(int i) {
        return "co" + i + "." + suffix;
    }

    /** The industry of company {@code i} (rows cycle through them). */
    public static String industry(int i) {
        return INDUSTRIES[i % INDUSTRIES.length];
    }

    /** The country of company {@code i}. */
    public static String country(int i) {
        return PLACES[i % PLACES.length][0];
    }

    /** Company {@code i}'s employee count: 10 × i. */
    public static int employees(int i) {
        return 10 * i;
    }

    public boolean isBad(int i) {
        return badEvery > 0 && i % badEvery == 0;
    }

    public boolean isDuplicate(int i) {
        return dupEvery > 0 && i % dupEvery == 0 && i > 1 && !isBad(i) && !isBad(i - 1);
    }

    public int badRows() {
        int bad = 0;
        for (int i = 1; i <= rows; i++) {
            bad += isBad(i) ? 1 : 0;
        }
        return bad;
    }

    public int duplicateRows() {
        int dups = 0;
        for (int i = 1; i <= rows; i++) {
            dups += isDuplicate(i) ? 1 : 0;
        }
        return dups;
    }

    /** Distinct companies the file creates. */
    public int companies() {
        return rows - badRows() - duplicateRows();
    }

    public String text() {
        StringBuilder out = new StringBuilder(rows * 100);
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // A StringBuilder does not throw.
        }
        return out.toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    public void writeTo(Path file) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            write(out);
        }
    }

    private void write(Appendable out) throws IOException {
        Random random = new Random(seed);
        out.append("Company Name,Website,Industry,Number of Employees,Country,City,Phone,Create Date\r\n");
        for (int i = 1; i <= rows; i++) {
            int company = isDuplicate(i) ? i - 1 : i;
            String name = NAMES[random.nextInt(NAMES.length)] + " " + company;
            String website = written(domain(company), isDuplicate(i) ? i + 1 : i);
            String employees = Integer.toString(employees(company));
            if (isBad(i)) {
                switch ((i / badEvery) % 3) {
                    case 0 -> name = "";
                    case 1 -> website = "not a domain";
                    default -> employees = "many";
                }
            }
            String created = "20" + (10 + random.nextInt(15)) + "-0" + (1 + random.nextInt(9)) + "-1"
                    + random.nextInt(10);
            String[] values = {name, website, industry(company), employees, country(company),
                    PLACES[company % PLACES.length][1], "+1 512 " + (1000000 + i), created};
            for (int v = 0; v < values.length; v++) {
                if (v > 0) {
                    out.append(',');
                }
                out.append(quote(values[v]));
            }
            out.append("\r\n");
        }
    }

    /** The domain as a person might have typed it, one of four ways. */
    private static String written(String domain, int way) {
        return switch (way % 4) {
            case 0 -> domain;
            case 1 -> "https://www." + domain + "/about?ref=1";
            case 2 -> "http://" + domain + ":8080";
            default -> "WWW." + domain.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static String quote(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
