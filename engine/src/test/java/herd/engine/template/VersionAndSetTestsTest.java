package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The version, subset, superset, contains and in tests; expected values checked with ansible-core
 * 2.14.18's Templar on this machine.
 */
class VersionAndSetTestsTest {
    private static final Templates TEMPLATES = new Templates();

    private static boolean test(String condition) {
        return TEMPLATES.test(condition, Map.of());
    }

    private static String failure(String condition) {
        return assertThrows(TemplateError.class, () -> test(condition)).getMessage();
    }

    @Test
    void looseVersionsCompareNumbersAsNumbers() {
        assertEquals(true, test("'1.2.10' is version('1.2.9', '>')"));
        assertEquals(true, test("'1.2.10' is version('1.2.9', 'gt')"));
        assertEquals(true, test("'1.2.10' is version('1.2.11', 'lt')"));
        assertEquals(true, test("'2.14.18' is version_compare('2.9', '>=')"));
        assertEquals(false, test("'1.2' is version('1.2.0')"));
        assertEquals(false, test("'1.0.0' is version('1.0', '==')"));
        assertEquals(true, test("'1.0' is version('1.0.0', 'lt')"));
        assertEquals(true, test("'1.10' is version('1.9', 'ge', version_type='loose')"));
        assertEquals(false, test("'1.2.3' is version('1.2.3', '!=')"));
        assertEquals(false, test("'2.0.0rc1' is version('2.0.0', '<')"));
        assertEquals("Version comparison failed: '<' not supported between instances of 'str' and 'int'",
                failure("'1.2.b' is version('1.2.1', 'gt')"));
    }

    @Test
    void strictVersionsKnowPreReleases() {
        assertEquals(true, test("'1.2' is version('1.2.0', strict=True)"));
        assertEquals(true, test("'1.2' is version('1.2.0', 'eq', version_type='strict')"));
        assertEquals(true, test("'1.2b1' is version('1.2a2', 'gt', strict=True)"));
        assertEquals(true, test("'1.2a1' is version('1.2', '<', strict=True)"));
        assertEquals("Version comparison failed: invalid version number '1.2a'", failure("'1.2a' is version('1.2', 'gt', strict=True)"));
    }

    @Test
    void wrongOperatorsAndEmptyVersionsAreErrors() {
        assertEquals("Invalid operator type (~). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', "
                + "'!=', '<>', 'ne'", failure("'1' is version('2', '~')"));
        assertEquals("Input version value cannot be empty", failure("'' is version('2')"));
    }

    @Test
    void subsetSupersetContainsAndIn() {
        assertEquals(true, test("[1] is subset([1,2])"));
        assertEquals(true, test("[1,2] is superset([1])"));
        assertEquals(false, test("['a'] is superset(['a','b'])"));
        assertEquals(true, test("[1,2] is contains(1)"));
        assertEquals(true, test("{'a':1} is contains('a')"));
        assertEquals(true, test("'abc' is contains('b')"));
        assertEquals(true, test("'a' is in('abc')"));
        assertEquals(false, test("'a' is in(['abc'])"));
        assertEquals(true, test("3 is in([1,2,3.0])"));
    }
}
