package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The dict filters; expected values checked with ansible-core 2.14.18's Templar on this machine. */
class DictFiltersTest {
    private static final Templates TEMPLATES = new Templates();

    private static Object eval(String expression) {
        return TEMPLATES.evaluate(expression, Map.of());
    }

    @Test
    void dict2itemsAndItems2dictTakeKeyAndValueNames() {
        assertEquals(List.of(Map.of("key", "a", "value", 1), Map.of("key", "b", "value", 2)), eval("{'a': 1, 'b': 2} | dict2items"));
        assertEquals(List.of(Map.of("k", "a", "v", 1)), eval("{'a':1} | dict2items(key_name='k', value_name='v')"));
        assertEquals(Map.of("a", 1, "b", 2), eval("[{'key':'a','value':1},{'key':'b','value':2}] | items2dict"));
        assertEquals(Map.of("a", 1), eval("[{'n':'a','v':1}] | items2dict(key_name='n', value_name='v')"));
        assertEquals(Map.of("a", 1, "b", 2), eval("dict([['a', 1], ['b', 2]])"));
        assertEquals(Map.of("a", 1, "b", 2), eval("dict(['a','b'] | zip([1,2]))"));
        assertEquals(Map.of("a", 1, "b", 2), eval("dict([['a', 1]], b=2)"));
        assertEquals(Map.of("a", 1), eval("dict(a=1)"));
        assertEquals("dict2items requires a dictionary, got <class 'list'> instead.",
                assertThrows(TemplateError.class, () -> eval("[1] | dict2items")).getMessage());
    }

    @Test
    void dictsortGivesPairsByKeyOrValue() {
        assertEquals(List.of(List.of("a", 2), List.of("B", 1)), eval("{'B': 1, 'a': 2} | dictsort"));
        assertEquals(List.of(List.of("B", 1), List.of("a", 2)), eval("{'B': 1, 'a': 2} | dictsort(true)"));
        assertEquals(List.of(List.of("B", 1), List.of("a", 2)), eval("{'a': 2, 'B': 1} | dictsort(by='value')"));
        assertEquals(List.of(List.of("B", 1), List.of("a", 2)), eval("{'B': 1, 'a': 2} | dictsort(reverse=true)"));
    }

    @Test
    void combineReplacesUnlessRecursive() {
        assertEquals(Map.of("a", 1, "b", Map.of("d", 3)), eval("{'a':1,'b':{'c':2}} | combine({'b':{'d':3}})"));
        assertEquals(Map.of("a", 5, "b", Map.of("c", 2, "d", 3)),
                eval("{'a':1,'b':{'c':2}} | combine({'b':{'d':3}}, {'a':5}, recursive=True)"));
        assertEquals(Map.of("a", 1, "b", 2), eval("[{'a':1},{'b':2}] | combine"));
        assertEquals(List.of("a", "b"), eval("({'a': 1} | combine({'b': 2})).keys() | list"));
    }

    @Test
    void combineMergesListsAsListMergeSays() {
        assertEquals(Map.of("a", Map.of("b", 1, "l", List.of(1, 2), "c", 2)),
                eval("{'a':{'b':1,'l':[1]}} | combine({'a':{'c':2,'l':[2]}}, recursive=True, list_merge='append')"));
        assertEquals(Map.of("l", List.of(1, 2, 3)), eval("{'l':[1,2]} | combine({'l':[2,3]}, list_merge='append_rp')"));
        assertEquals(Map.of("l", List.of(2, 3, 1, 2)), eval("{'l':[1,2]} | combine({'l':[2,3]}, list_merge='prepend')"));
        assertEquals(Map.of("l", List.of(1, 2)), eval("{'l':[1,2]} | combine({'l':[2,3]}, list_merge='keep')"));
        assertEquals(Map.of("l", List.of(2, 3)), eval("{'l':[1,2]} | combine({'l':[2,3]})"));
        assertEquals("'recursive' and 'list_merge' are the only valid keyword arguments",
                assertThrows(TemplateError.class, () -> eval("{} | combine({}, deep=True)")).getMessage());
    }
}
