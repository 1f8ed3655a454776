package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The list filters. Every expected value was checked with ansible-core 2.14.18 (Jinja2 3.1.2) on
 * this machine, through Ansible's Templar (the same as {@code ansible localhost -m debug -a
 * 'msg={{ ... }}'}).
 */
class ListFiltersTest {
    private static final Templates TEMPLATES = new Templates();
    private static final Map<String, Object> USERS = Map.of("users", List.of(
            Map.of("name", "a", "on", true, "g", "x"), Map.of("name", "b", "on", false), Map.of("name", "c", "on", true, "g", "y")));

    private static Object eval(String expression) {
        return TEMPLATES.evaluate(expression, USERS);
    }

    @Test
    void uniqueIgnoresCaseAsJinja2sDoesUnlessCaseSensitive() {
        assertEquals(List.of("a", "b"), eval("['a','A','b'] | unique"));
        assertEquals(List.of("b", "a", "B"), eval("['b','a','B'] | unique(case_sensitive=True)"));
        assertEquals(List.of(1, 2), eval("[1, 2, 1.0, 2] | unique"));
    }

    @Test
    void setTheoryKeepsTheOrderOfTheFirstListAndIsCaseSensitive() {
        assertEquals(List.of(1, 2, 3), eval("[1,2,2,1] | union([3,1])"));
        assertEquals(List.of(1, "A", "a"), eval("[1,'A','a'] | union(['a'])"));
        assertEquals(List.of(1, 2), eval("[1,2,2,3,1] | difference([3])"));
        assertEquals(List.of(1, 2), eval("[1,2,2,3,1] | intersect([2,1,1])"));
        assertEquals(List.of(1, 2, 4), eval("[1,2,3] | symmetric_difference([3,4,4])"));
    }

    @Test
    void minAndMaxIgnoreCaseAndTakeAnAttribute() {
        assertEquals("c", eval("['b','A','c'] | max"));
        assertEquals("A", eval("['b','A','c'] | min"));
        assertEquals(Map.of("n", "y", "v", 1), eval("[{'n':'x','v':3},{'n':'y','v':1}] | min(attribute='v')"));
        assertEquals(Map.of("n", "x", "v", 3), eval("[{'n':'x','v':3},{'n':'y','v':1}] | max(attribute='v')"));
        assertEquals("No aggregated item, sequence was empty.", assertThrows(TemplateError.class, () -> eval("[] | max")).getMessage());
        assertEquals("max: '>' not supported between instances of 'str' and 'int'",
                assertThrows(TemplateError.class, () -> eval("[1, 'a'] | max")).getMessage());
    }

    @Test
    void flattenDropsNullsAndTakesLevels() {
        assertEquals(List.of(1, 2, 3, 4), eval("[1,[2,[3,[4]]]] | flatten"));
        assertEquals(List.of(1, 2, List.of(3, List.of(4))), eval("[1,[2,[3,[4]]]] | flatten(levels=1)"));
        assertEquals(List.of(1, 2, 3, List.of(4)), eval("[[1,2],[3,[4]]] | flatten(1)"));
        assertEquals(List.of(1, 2), eval("[1,[2,None,[]]] | flatten"));
        assertEquals(java.util.Arrays.asList("a", null, "None", "null"), eval("['a', None, 'None', 'null'] | flatten(skip_nulls=False)"));
    }

    @Test
    void zipStopsAtTheShortestAndZipLongestFills() {
        assertEquals(List.of(List.of(1, "a"), List.of(2, "b")), eval("[1,2] | zip(['a','b'])"));
        assertEquals(List.of(List.of(1, 4, 6)), eval("[1,2,3] | zip([4,5], [6]) | list"));
        assertEquals(List.of(List.of(1, 3), List.of(2, "x")), eval("[1,2] | zip_longest([3], fillvalue='x') | list"));
    }

    @Test
    void mapReadsAttributesWithADefaultOrAppliesAFilter() {
        assertEquals(List.of("a", "b", "c"), eval("users | map(attribute='name') | list"));
        assertEquals(List.of("x", "z", "y"), eval("users | map(attribute='g', default='z') | list"));
        assertEquals(List.of("A", "B", "C"), eval("users | map(attribute='name') | map('upper') | list"));
        assertEquals(List.of("x", "b"), eval("['a','b'] | map('regex_replace', 'a', 'x') | list"));
        assertEquals(List.of(2), eval("[{'a': {'b': [1, 2]}}] | map(attribute='a.b.1') | list"));
    }

    @Test
    void selectattrAndRejectattrAsJinja2() {
        assertEquals(List.of("a", "c"), eval("users | selectattr('on') | map(attribute='name') | list"));
        assertEquals(List.of("a", "c"), eval("users | selectattr('g', 'defined') | map(attribute='name') | list"));
        assertEquals(List.of("b"), eval("users | selectattr('g', 'undefined') | map(attribute='name') | list"));
        assertEquals(List.of("b"), eval("users | rejectattr('on') | map(attribute='name') | list"));
        assertEquals("b", eval("users | selectattr('name', 'equalto', 'b') | map(attribute='name') | first"));
        assertEquals(List.of("a"), eval("users | selectattr('name', '==', 'a') | map(attribute='name') | list"));
        assertEquals(List.of("b", "c"), eval("users | rejectattr('name', 'in', ['a']) | map(attribute='name') | list"));
    }
}
