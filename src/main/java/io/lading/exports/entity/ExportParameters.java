package io.lading.exports.entity;

import java.util.List;

/**
 * What an export holds, as checked at submission and kept on the job row ({@code parameters}), so every attempt
 * reads the same: the format, the selected columns (API names), the filter (its JSON, as the caller sent it)
 * and the order.
 */
public record ExportParameters(String format, List<String> columns, String filter, List<Order> orderBy) {

    public record Order(String column, String direction) {
    }
}
