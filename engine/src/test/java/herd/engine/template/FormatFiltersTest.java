package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** YAML and JSON out and in; expected texts are what ansible-core 2.14.18 (PyYAML) wrote on this machine. */
class FormatFiltersTest {
    private static final Templates TEMPLATES = new Templates();
    private static final String MIXED = "{'b':[1,{'x':[3,4],'y':'z'}], 'a':{'x':'yes','e':[],'f':{}}, 'n': None, 't': True,"
            + " 's':'a: b', 'u':'ünï', 'num':'123'}";

    private static Object eval(String expression) {
        return TEMPLATES.evaluate(expression, Map.of());
    }

    @Test
    void toYamlSortsKeysAndWritesCollectionsOfScalarsInFlowStyle() {
        assertEquals("a:\n  e: []\n  f: {}\n  x: 'yes'\nb:\n- 1\n- x: [3, 4]\n  y: z\nn: null\nnum: '123'\ns: 'a: b'\nt: true\nu: ünï\n",
                eval(MIXED + " | to_yaml"));
        assertEquals("a: {x: 'yes'}\nb: [1, 2]\n", eval("{'b':[1,2], 'a':{'x':'yes'}} | to_yaml"));
        assertEquals("[1, 2]\n", eval("[1,2] | to_yaml"));
        assertEquals("abc\n", eval("'abc' | to_yaml"));
        assertEquals("5\n", eval("5 | to_yaml"));
    }

    @Test
    void toNiceYamlIsBlockStyleIndentedByFour() {
        assertEquals("a:\n    e: []\n    f: {}\n    x: 'yes'\nb:\n- 1\n-   x:\n    - 3\n    - 4\n    y: z\nn: null\nnum: '123'\n"
                + "s: 'a: b'\nt: true\nu: ünï\n", eval(MIXED + " | to_nice_yaml"));
        assertEquals("a: 2\nb: 1\n", eval("{'b':1, 'a':2} | to_nice_yaml"));
        assertEquals("a:\n  x: 'yes'\nb:\n- 1\n- 2\n", eval("{'b':[1,2], 'a':{'x':'yes'}} | to_nice_yaml(indent=2)"));
        assertEquals("-   - 1\n    - 2\n-   - 3\n", eval("[[1,2],[3]] | to_nice_yaml"));
        assertEquals("-   a: 1\n    b: 2\n", eval("[{'a':1,'b':2}] | to_nice_yaml"));
    }

    @Test
    void toNiceJsonIsIndentedByFourWithSortedKeys() {
        assertEquals("{\n    \"b\": [\n        1,\n        {\n            \"x\": [\n                3\n            ]\n        }\n    ]\n}",
                eval("{'b':[1,{'x':[3]}]} | to_nice_json"));
        assertEquals("{\n    \"a\": 1,\n    \"b\": []\n}", eval("{'b':[], 'a':1} | to_nice_json"));
    }

    @Test
    void fromYamlAndFromYamlAll() {
        assertEquals(Map.of("a", 1, "b", List.of("x", "y"), "c", true),
                TEMPLATES.evaluate("x | from_yaml", Map.of("x", "a: 1\nb: [x, y]\nc: yes\n")));
        assertEquals(List.of(Map.of("a", 1), Map.of("b", 2)),
                TEMPLATES.evaluate("x | from_yaml_all | list", Map.of("x", "---\na: 1\n---\nb: 2\n")));
    }
}
