package io.anyscope.analytics;

import io.anyscope.data.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The SQL data tests of src/sql/tests (dbt style: each returns zero rows on good data), for the tests that run them
 * against a data set.
 */
public final class SqlDataTests {
    public static final Path DIR = Path.of("..", "src", "sql", "tests");

    private SqlDataTests() {
    }

    /** Every src/sql/tests/*.sql, sorted by name. */
    public static List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    /** The query of one test file, without its trailing semicolon. */
    public static String sql(Path test) throws Exception {
        return Files.readString(test).strip().replaceAll(";\\s*$", "");
    }

    /**
     * The tests that return rows on {@code data}: file name to the rows it returned, in file name order; then, as
     * dbt's {@code unique} test, each key declared in src/sql/descriptions.yaml that repeats ("key VIEW [COLUMNS]"
     * to up to three repeated keys with their counts).
     */
    public static Map<String, List<List<Object>>> failing(Path data) throws Exception {
        Map<String, List<List<Object>>> failed = new LinkedHashMap<>();
        try (Warehouse w = Warehouse.open(data)) {
            for (Path t : files()) {
                Table r = w.query(sql(t));
                if (r.size() > 0) {
                    failed.put(t.getFileName().toString(), r.rows());
                }
            }
            failed.putAll(repeatedKeys(w));
        }
        return failed;
    }

    /** Each key declared in src/sql/descriptions.yaml that repeats: "key VIEW [COLUMNS]" to up to 3 repeated keys. */
    public static Map<String, List<List<Object>>> repeatedKeys(Warehouse w) throws Exception {
        Map<String, List<List<Object>>> repeated = new LinkedHashMap<>();
        for (var e : Descriptions.shipped().objects().entrySet()) {
            List<String> key = e.getValue().key();
            if (key.isEmpty()) {
                continue;
            }
            Table r = w.query("SELECT " + String.join(", ", key.stream().map(Sql::identifier).toList())
                    + ", count(*) AS n FROM " + Sql.identifier(e.getKey()) + " GROUP BY ALL HAVING count(*) > 1 LIMIT 3");
            if (r.size() > 0) {
                repeated.put("key " + e.getKey() + " " + key, r.rows());
            }
        }
        return repeated;
    }
}
