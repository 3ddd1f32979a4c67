package io.lading.imports.entity;

import java.util.Map;

/**
 * What an import was asked to do, stored with the job so a retry or resume reads the same inputs.
 *
 * @param fieldMapping contact field (API name) to source column; fields not named are matched by header
 * @param dedupe       {@code update} (fill the row's non-empty fields onto the existing contact) or {@code skip}
 * @param delimiter    a single character, or null to detect it from the header line
 * @param encoding     the file's charset; UTF-8 (with or without BOM) by default
 * @param sheet        for a workbook: the sheet to read, by name or 1-based position; null for the first
 */
public record ImportParameters(Map<String, String> fieldMapping, String dedupe, boolean dryRun, String delimiter,
                             String encoding, String sheet) {

    public static final String UPDATE = "update";
    public static final String SKIP = "skip";

    public boolean skipExisting() {
        return SKIP.equals(dedupe);
    }
}
