package io.lading.exports.control;

import java.util.List;

/** One contact as an export writes it: the selected columns' values, and its sort key for the checkpoint. */
record ExportRow(Object[] values, List<Object> key) {
}
