package io.lading.imports.control;

import io.lading.imports.entity.SourceRow;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Maps and validates each row with the column mapping the reader resolved from the header. */
@Dependent
@Named
public class ContactRowValidator implements ItemProcessor {

    @Inject
    JobContext jobContext;

    @Override
    public Object processItem(Object item) {
        return ContactValidation.validate((SourceRow) item, (ColumnMapping) jobContext.getTransientUserData());
    }
}
