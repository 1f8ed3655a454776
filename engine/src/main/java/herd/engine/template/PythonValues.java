package herd.engine.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.el.ext.NamedParameter;

/**
 * Values compared and tested as Python compares them, for the filters and tests that must agree
 * with Ansible: {@code 1 == 1.0 == True}, lists and dicts by content, strings by code point.
 */
final class PythonValues {
    private PythonValues() {
    }

    /** Python's {@code ==}. */
    static boolean equal(Object a, Object b) {
        a = Templates.resolved(a);
        b = Templates.resolved(b);
        if (isNumber(a) && isNumber(b)) {
            return number(a).compareTo(number(b)) == 0;
        }
        if (a instanceof Collection<?> x && b instanceof Collection<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = y.iterator();
            for (Object item : x) {
                if (!equal(item, i.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** Python's {@code in} on a list (or any collection). */
    static boolean contains(Collection<?> list, Object item) {
        for (Object x : list) {
            if (equal(x, item)) {
                return true;
            }
        }
        return false;
    }

    /** Python's ordering of two numbers or two strings; anything else cannot be ordered, as in Python 3. */
    static int compare(Object a, Object b, String filter) {
        return compare(a, b, filter, "<");
    }

    static int compare(Object a, Object b, String filter, String operator) {
        if (isNumber(a) && isNumber(b)) {
            return number(a).compareTo(number(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i), filter, operator);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateError(filter + ": '" + operator + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    /** Python's truth of a value: empty strings, lists, dicts, zero and None are false. */
    static boolean truthy(Object value) {
        value = Templates.resolved(value);
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Number n when isNumber(n) -> number(n).signum() != 0;
            default -> true;
        };
    }

    /** Python's type names, for messages that read as Ansible's do. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case String s -> "str";
            case Boolean b -> "bool";
            case Integer i -> "int";
            case Long l -> "int";
            case java.math.BigInteger i -> "int";
            case Number n -> "float";
            case List<?> l -> "list";
            case Collection<?> c -> "list";
            case Map<?, ?> m -> "dict";
            default -> value.getClass().getSimpleName();
        };
    }

    static boolean isNumber(Object value) {
        return value instanceof Number || value instanceof Boolean;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return new BigDecimal(value.toString());
    }

    /** A string from a value as Python's str() gives it for the values filters take as text. */
    static String text(Object value) {
        value = Templates.resolved(value);
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            default -> value.toString();
        };
    }

    /** The value of a named argument given in a call's arguments (Jinjava passes name=value so), or null. */
    static Object named(Object[] args, String name) {
        for (Object arg : args) {
            if (arg instanceof NamedParameter p && p.getName().equals(name)) {
                return p.getValue();
            }
        }
        return null;
    }

    /** The arguments without the named ones. */
    static List<Object> positional(Object[] args) {
        return java.util.Arrays.stream(args).filter(a -> !(a instanceof NamedParameter)).map(Templates::resolved).toList();
    }
}
