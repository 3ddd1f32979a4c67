package io.lading.exports.control;

import java.util.List;

/**
 * One record as the Java encoders write it (a page of them is a batch item, see {@link ExportChunk.Rows}): the
 * selected columns' values, and its sort key.
 */
record ExportItem(Object[] values, List<Object> key) {
}
