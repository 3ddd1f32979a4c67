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
 * Deterministic contact files for tests, in the spirit of shared/data/gen_contacts.py: quoted values with
 * commas and quotes, accents, embedded newlines, and bad rows at known places so counts can be exact.
 */
public final class ContactsCsv {

    private static final String[] FIRST = {"Ana", "Chloé", "François", "Søren", "Zoë", "O'Brien", "Anne-Marie", "José"};
    private static final String[] LAST = {"García", "Müller", "van der Berg", "Łukasiewicz", "O'Neil", "Chen"};
    private static final String[] TITLES = {"CEO", "Founder, Chairman", "\"Chief\" Happiness Officer", "Engineer"};
    private static final String[] COMPANIES = {"Acme Corp", "Umbrella, Inc.", "Initech", "Pied Piper"};
    private static final String[][] PLACES = {{"USA", "Austin"}, {"Germany", "Berlin"}, {"Brazil", "São Paulo"},
            {"Poland", "Kraków"}, {"Canada", "Montréal"}};

    private int rows = 100;
    private int badEvery = 0;
    private boolean humanHeaders = true;
    private String domain = "example.com";
    private long seed = 7;
    private int dupEvery = 0;
    private int firstRow = 1;
    private String namePrefix = "";

    public static ContactsCsv rows(int rows) {
        ContactsCsv csv = new ContactsCsv();
        csv.rows = rows;
        return csv;
    }

    /** Every n-th data row is bad: alternately an invalid email and a non-numeric employee count. */
    public ContactsCsv badEvery(int n) {
        this.badEvery = n;
        return this;
    }

    public ContactsCsv snakeHeaders() {
        this.humanHeaders = false;
        return this;
    }

    public ContactsCsv domain(String domain) {
        this.domain = domain;
        return this;
    }

    /** Every n-th data row (not a bad one, nor right after one) repeats the previous row's email in upper case. */
    public ContactsCsv dupEvery(int n) {
        this.dupEvery = n;
        return this;
    }

    /** Numbers the contacts from {@code first} (emails contact.{first}@..., ...), to overlap another file. */
    public ContactsCsv startingAt(int first) {
        this.firstRow = first;
        return this;
    }

    /** Puts {@code prefix} before every first name, so two files over the same emails differ in values. */
    public ContactsCsv namePrefix(String prefix) {
        this.namePrefix = prefix;
        return this;
    }

    public int badRows() {
        int bad = 0;
        for (int i = firstRow; i < firstRow + rows; i++) {
            bad += isBad(i) ? 1 : 0;
        }
        return bad;
    }

    public int goodRows() {
        return rows - badRows();
    }

    public int duplicateRows() {
        int dups = 0;
        for (int i = firstRow; i < firstRow + rows; i++) {
            dups += isDuplicate(i) ? 1 : 0;
        }
        return dups;
    }

    private boolean isBad(int i) {
        return badEvery > 0 && i % badEvery == 0;
    }

    private boolean isDuplicate(int i) {
        return dupEvery > 0 && i % dupEvery == 0 && i > firstRow && !isBad(i) && !isBad(i - 1);
    }

    public String text() {
        StringBuilder out = new StringBuilder(rows * 120);
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // A StringBuilder does not throw.
        }
        return out.toString();
    }

    /**
     * Streams the file to {@code file} in UTF-8, never holding it in memory: the same bytes as {@link #bytes()},
     * for files too large for a String (a million rows are about 120 MB).
     */
    public void writeTo(Path file) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            write(out);
        }
    }

    private void write(Appendable out) throws IOException {
        Random random = new Random(seed);
        out.append(humanHeaders
                ? "Email Address,First Name,Last Name,Phone,Job Title,Company,Country,City,Employees,Created On\r\n"
                : "email,first_name,last_name,phone,title,company,country,city,employees,created_on\r\n");
        for (int i = firstRow; i < firstRow + rows; i++) {
            String first = namePrefix + pick(random, FIRST);
            String last = pick(random, LAST);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            String email = isDuplicate(i) ? ("contact." + (i - 1) + "@" + domain).toUpperCase()
                    : "contact." + i + "@" + domain;
            String employees = Integer.toString(1 + random.nextInt(20000));
            if (isBad(i)) {
                if ((i / badEvery) % 2 == 0) {
                    email = email.replace("@", " at ");
                } else {
                    employees = "lots";
                }
            }
            String title = pick(random, TITLES) + (i % 97 == 0 ? "\nand Board Member" : "");
            String created = "20" + twoDigits(15 + random.nextInt(11)) + "-" + twoDigits(1 + random.nextInt(12)) + "-"
                    + twoDigits(1 + random.nextInt(28));
            String[] values = {email, first, last, "+49 30 " + (1000000 + i), title, pick(random, COMPANIES), place[0],
                    place[1], employees, created};
            for (int v = 0; v < values.length; v++) {
                if (v > 0) {
                    out.append(',');
                }
                out.append(quote(values[v]));
            }
            out.append("\r\n");
        }
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** As {@code %02d} for 0..99, without String.format's cost on a million rows. */
    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String quote(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
