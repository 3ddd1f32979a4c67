package io.lading.contacts.control;

import io.lading.records.control.RecordFilter;
import io.lading.records.control.RecordFilterSql;
import io.lading.records.control.RecordSort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.contacts.entity.ContactColumn;
import io.lading.platform.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContactFilterSqlTest {

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static RecordFilter parse(String json) {
        return RecordFilter.fromJson(ContactRecords.KIND, Json.createReader(new StringReader(json.replace('\'', '"'))).readValue());
    }

    @Test
    void theGuideShapeCompilesToParameterisedSql() {
        RecordFilter filter = parse("""
                {'keywordMatch': {'must': {'country': ['USA', 'Germany']}, 'mustNot': {'city': 'Austin'}},
                 'rangeQuery': {'must': {'employees': {'gte': 50, 'lte': 1000}, 'createdOn': {'lt': '2020-01-01'}}},
                 'text': 'ac%me'}""");

        RecordFilterSql.Sql sql = RecordFilterSql.where(ContactRecords.KIND, TENANT, filter);

        assertEquals(" where tenant_id = ? and country in (?,?) and (city is null or city <> ?)"
                + " and (employees >= ? and employees <= ?) and (created_on < ?)"
                + " and (email ilike ? or first_name ilike ? or last_name ilike ? or company ilike ?)", sql.text());
        assertEquals(List.of(TENANT, "USA", "Germany", "Austin", 50L, 1000L, LocalDate.of(2020, 1, 1),
                "%ac\\%me%", "%ac\\%me%", "%ac\\%me%", "%ac\\%me%"), sql.params());
    }

    @Test
    void rangeMustNotIsNegatedAndNullSafe() {
        RecordFilterSql.Sql sql = RecordFilterSql.where(ContactRecords.KIND, TENANT,
                parse("{'rangeQuery': {'mustNot': {'employees': {'gt': 10}}}}"));
        assertEquals(" where tenant_id = ? and not coalesce(employees > ?, false)", sql.text());
    }

    @Test
    void unknownColumnsAreRefusedWithTheFieldNamed() {
        for (String json : List.of("{'keywordMatch': {'must': {'country; drop table contacts': ['x']}}}",
                "{'rangeQuery': {'must': {'salary': {'gte': 1}}}}")) {
            ProblemException e = assertThrows(ProblemException.class, () -> parse(json));
            assertEquals("UNKNOWN_COLUMN", e.code(), json);
            assertTrue(e.field().startsWith("filter."), e.field());
        }
    }

    @Test
    void badOperatorsShapesAndValuesAreInvalidFilters() {
        for (String json : List.of("{'rangeQuery': {'must': {'employees': {'between': 1}}}}",
                "{'rangeQuery': {'must': {'country': {'gte': 'A'}}}}",
                "{'rangeQuery': {'must': {'employees': {'gte': 'many'}}}}",
                "{'keywordMatch': {'should': {'country': ['USA']}}}",
                "{'keywordMatch': {'must': {'country': []}}}",
                "{'keywordMatch': {'must': {'country': [{'x': 1}]}}}",
                "{'sql': '1=1'}", "[1]")) {
            ProblemException e = assertThrows(ProblemException.class, () -> parse(json), json);
            assertEquals("INVALID_FILTER", e.code(), json);
        }
    }

    @Test
    void noFilterSelectsTheTenantOnly() {
        assertEquals(" where tenant_id = ?", RecordFilterSql.where(ContactRecords.KIND, TENANT, RecordFilter.fromJson(ContactRecords.KIND, JsonValue.NULL)).text());
        assertTrue(parse("{}").isEmpty());
    }

    @Test
    void queryParametersUseTheSameFilter() {
        RecordFilter filter = RecordFilter.fromQuery(ContactRecords.KIND, Map.of("q", List.of("acme"), "country", List.of("USA,Germany"),
                "employees.gte", List.of("50"), "city.not", List.of("Austin")), Set.of("limit", "cursor"));
        assertEquals(Map.of(ContactColumn.COUNTRY, List.of("USA", "Germany")), filter.must());
        assertEquals(Map.of(ContactColumn.CITY, List.of("Austin")), filter.mustNot());
        assertEquals("acme", filter.text());
        assertEquals(Map.of("gte", 50L), filter.ranges().get(0).bounds());
        assertEquals("UNKNOWN_COLUMN", assertThrows(ProblemException.class, () -> RecordFilter.fromQuery(ContactRecords.KIND, 
                Map.of("password", List.of("x")), Set.of())).code());
        assertEquals("INVALID_FILTER", assertThrows(ProblemException.class, () -> RecordFilter.fromQuery(ContactRecords.KIND, 
                Map.of("employees.like", List.of("5")), Set.of())).code());
    }

    @Test
    void theIdIsAlwaysTheLastSortKey() {
        RecordSort sort = RecordSort.of(ContactRecords.KIND, List.of(new RecordSort.Requested("country", "desc", "orderBy[0]"),
                new RecordSort.Requested("employees", null, "orderBy[1]")));
        assertEquals(List.of(ContactColumn.COUNTRY, ContactColumn.EMPLOYEES, ContactColumn.ID), sort.columns());
        assertEquals(" order by country desc, employees asc, id asc", RecordFilterSql.orderBy(sort));
    }

    @Test
    void sortInjectionAttemptsAreRefused() {
        ProblemException unknown = assertThrows(ProblemException.class, () -> RecordSort.of(ContactRecords.KIND, List.of(
                new RecordSort.Requested("email; delete from contacts", "asc", "orderBy[0]"))));
        assertEquals("UNKNOWN_COLUMN", unknown.code());
        assertEquals("orderBy[0].column", unknown.field());
        ProblemException direction = assertThrows(ProblemException.class, () -> RecordSort.of(ContactRecords.KIND, List.of(
                new RecordSort.Requested("email", "asc; drop table jobs", "orderBy[0]"))));
        assertEquals("INVALID_FILTER", direction.code());
    }

    @Test
    void keysetContinuesAfterTheLastRowNullsIncluded() {
        RecordSort sort = RecordSort.of(ContactRecords.KIND, List.of(new RecordSort.Requested("country", "asc", "o"),
                new RecordSort.Requested("employees", "desc", "o")));
        UUID id = UUID.randomUUID();

        RecordFilterSql.Sql after = RecordFilterSql.after(sort, Arrays.asList("USA", 50, id));
        assertEquals(" and ((country > ? or country is null) or (country = ? and employees < ?)"
                + " or (country = ? and employees = ? and id > ?))", after.text());
        assertEquals(List.of("USA", "USA", 50, "USA", 50, id), after.params());

        RecordFilterSql.Sql afterNulls = RecordFilterSql.after(sort, Arrays.asList(null, null, id));
        assertEquals(" and ((country is null and employees is not null) or (country is null and employees is null and id > ?))",
                afterNulls.text());
    }

    @Test
    void theDefaultKeysetIsAPlainIndexRange() {
        UUID id = UUID.randomUUID();
        assertEquals(" and (id > ?)", RecordFilterSql.after(RecordSort.byId(ContactRecords.KIND), List.of(id)).text());
    }
}
