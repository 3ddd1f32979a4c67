package io.lading.platform;

/** SQL LIKE patterns from user text, whose {@code %} and {@code _} are taken literally. */
public final class LikePattern {

    private LikePattern() {
    }

    /**
     * A pattern that matches any value containing {@code text}. The escape character is a backslash, PostgreSQL's
     * default (JPA criteria queries name it: {@code cb.like(x, pattern, '\\')}).
     */
    public static String containing(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
