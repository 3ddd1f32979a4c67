package io.lading.exports.control;

import java.util.List;

/** One contact as an export writes it (the batch item): the selected columns' values, and its sort key. */
record ExportItem(Object[] values, List<Object> key) {
}
