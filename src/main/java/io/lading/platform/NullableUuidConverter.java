package io.lading.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * For nullable uuid columns: EclipseLink 4.0's built-in UUID conversion fails on SQL NULL. The PostgreSQL
 * driver reads and binds java.util.UUID natively, so nothing needs converting but the null.
 */
@Converter
public class NullableUuidConverter implements AttributeConverter<UUID, Object> {

    @Override
    public Object convertToDatabaseColumn(UUID attribute) {
        return attribute;
    }

    @Override
    public UUID convertToEntityAttribute(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof UUID uuid ? uuid : UUID.fromString(column.toString());
    }
}
