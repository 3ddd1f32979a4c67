package io.lading.testsupport;

import java.nio.charset.StandardCharsets;
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

    public int badRows() {
        return badEvery == 0 ? 0 : rows / badEvery;
    }

    public int goodRows() {
        return rows - badRows();
    }

    public String text() {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(rows * 120);
        out.append(humanHeaders
                ? "Email Address,First Name,Last Name,Phone,Job Title,Company,Country,City,Employees,Created On\r\n"
                : "email,first_name,last_name,phone,title,company,country,city,employees,created_on\r\n");
        for (int i = 1; i <= rows; i++) {
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            String email = "contact." + i + "@" + domain;
            String employees = Integer.toString(1 + random.nextInt(20000));
            if (badEvery > 0 && i % badEvery == 0) {
                if ((i / badEvery) % 2 == 0) {
                    email = email.replace("@", " at ");
                } else {
                    employees = "lots";
                }
            }
            String title = pick(random, TITLES) + (i % 97 == 0 ? "\nand Board Member" : "");
            String created = String.format("20%02d-%02d-%02d", 15 + random.nextInt(11), 1 + random.nextInt(12),
                    1 + random.nextInt(28));
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
        return out.toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
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
