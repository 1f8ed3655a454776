package herd.engine.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;

import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's string methods inside templates ({@code host.split('.')[0]}, {@code name.upper()},
 * {@code path.endswith('.conf')}, {@code ', '.join(items)}), and a dict's {@code items()} as pairs,
 * which Jinja2 gives playbooks because its values are Python's. Jinjava would look for Java methods
 * instead; this resolver answers first for the Python names and leaves every other call to
 * Jinjava's own resolver.
 */
final class PythonMethods extends ELResolver {
    private static final Set<String> METHODS = Set.of("split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper",
            "title", "capitalize", "swapcase", "casefold", "startswith", "endswith", "replace", "find", "rfind", "count",
            "join", "format", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "zfill", "splitlines",
            "partition", "rpartition", "ljust", "rjust", "center", "index");

    private PythonMethods() {
    }

    /** Jinjava's resolver with Python's string methods in front. */
    static ELResolver resolver() {
        CompositeELResolver composite = new CompositeELResolver();
        composite.add(new PythonMethods());
        composite.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        return composite;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (base instanceof java.util.Map<?, ?> map && "items".equals(method) && (params == null || params.length == 0)) {
            List<Object> pairs = new ArrayList<>();
            map.forEach((k, v) -> pairs.add(java.util.Arrays.asList(k, Templates.resolved(v))));
            context.setPropertyResolved(true);
            return pairs;
        }
        if (!(base instanceof String s) || !(method instanceof String name) || !METHODS.contains(name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        for (int i = 0; i < args.length; i++) {
            args[i] = Templates.resolved(args[i]);
        }
        Object result = call(s, name, args);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] a) {
        return switch (name) {
            case "split" -> split(s, arg(a, 0), a.length > 1 ? number(a[1]) : -1);
            case "rsplit" -> rsplit(s, arg(a, 0), a.length > 1 ? number(a[1]) : -1);
            case "strip" -> rstrip(lstrip(s, arg(a, 0)), arg(a, 0));
            case "lstrip" -> lstrip(s, arg(a, 0));
            case "rstrip" -> rstrip(s, arg(a, 0));
            case "lower", "casefold" -> s.toLowerCase(Locale.ROOT);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "swapcase" -> swapcase(s);
            case "startswith" -> anyOf(a, s::startsWith);
            case "endswith" -> anyOf(a, s::endsWith);
            case "replace" -> replace(s, text(a[0]), text(a[1]), a.length > 2 ? number(a[2]) : -1);
            case "find" -> (long) s.indexOf(text(a[0]));
            case "rfind" -> (long) s.lastIndexOf(text(a[0]));
            case "index" -> {
                int at = s.indexOf(text(a[0]));
                if (at < 0) {
                    throw new TemplateError("substring not found");
                }
                yield (long) at;
            }
            case "count" -> count(s, text(a[0]));
            case "join" -> join(s, a.length > 0 ? a[0] : List.of());
            case "format" -> format(s, a);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
            case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
            case "zfill" -> zfill(s, (int) number(a[0]));
            case "splitlines" -> new ArrayList<>(s.lines().toList());
            case "partition" -> partition(s, text(a[0]), s.indexOf(text(a[0])));
            case "rpartition" -> partition(s, text(a[0]), s.lastIndexOf(text(a[0])));
            case "ljust" -> pad(s, (int) number(a[0]), a.length > 1 ? text(a[1]) : " ", false);
            case "rjust" -> pad(s, (int) number(a[0]), a.length > 1 ? text(a[1]) : " ", true);
            default -> center(s, (int) number(a[0]), a.length > 1 ? text(a[1]) : " ");
        };
    }

    private static String arg(Object[] a, int i) {
        return a.length > i && a[i] != null ? text(a[i]) : null;
    }

    private static String text(Object o) {
        return PythonValues.text(o);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(text(o).trim());
    }

    private static List<Object> split(String s, String sep, long max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (max >= 0 && out.size() == max) {
                    out.add(rest);
                    return out;
                }
                int end = 0;
                while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                    end++;
                }
                out.add(rest.substring(0, end));
                rest = rest.substring(end).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new TemplateError("empty separator");
        }
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static List<Object> rsplit(String s, String sep, long max) {
        if (max < 0 || sep == null) {
            return split(s, sep, max);
        }
        List<Object> out = new ArrayList<>();
        int end = s.length();
        while (out.size() < max) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0 || end - sep.length() < 0) {
                break;
            }
            out.addFirst(s.substring(at + sep.length(), end));
            end = at;
        }
        out.addFirst(s.substring(0, end));
        return out;
    }

    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && (chars == null ? Character.isWhitespace(s.charAt(i)) : chars.indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return s.substring(i);
    }

    private static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && (chars == null ? Character.isWhitespace(s.charAt(i - 1)) : chars.indexOf(s.charAt(i - 1)) >= 0)) {
            i--;
        }
        return s.substring(0, i);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static String swapcase(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return out.toString();
    }

    private static boolean anyOf(Object[] a, java.util.function.Predicate<String> test) {
        if (a.length > 0 && a[0] instanceof List<?> options) {
            return options.stream().anyMatch(o -> test.test(text(Templates.resolved(o))));
        }
        return a.length > 0 && test.test(text(a[0]));
    }

    private static String replace(String s, String old, String by, long max) {
        if (max < 0) {
            return s.replace(old, by);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long n = 0; n < max; n++) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(by);
            from = at + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) {
                    out.append(s.charAt(from));
                }
                from++;
            }
        }
        return from <= s.length() ? out.append(s.substring(Math.min(from, s.length()))).toString() : out.toString();
    }

    private static long count(String s, String part) {
        if (part.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        Object value = Templates.resolved(items);
        Iterable<?> list = value instanceof Iterable<?> it ? it : value instanceof java.util.Map<?, ?> m ? m.keySet()
                : List.of(text(value).split(""));
        List<String> parts = new ArrayList<>();
        for (Object item : list) {
            Object v = Templates.resolved(item);
            if (!(v instanceof CharSequence)) {
                throw new TemplateError("sequence item " + parts.size() + ": expected str instance, "
                        + PythonValues.typeName(v) + " found");
            }
            parts.add(v.toString());
        }
        return String.join(sep, parts);
    }

    /** str.format with {} and {N} fields (format specs are left as they are). */
    private static String format(String s, Object[] a) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    throw new TemplateError("Single '{' encountered in format string");
                }
                String field = s.substring(i + 1, close);
                String index = field.contains(":") ? field.substring(0, field.indexOf(':')) : field;
                int n = index.isEmpty() ? auto++ : Integer.parseInt(index.trim());
                if (n >= a.length) {
                    throw new TemplateError("Replacement index " + n + " out of range for positional args tuple");
                }
                out.append(PythonValues.text(a[n]));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String zfill(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        boolean sign = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+');
        String zeros = "0".repeat(width - s.length());
        return sign ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
    }

    private static List<Object> partition(String s, String sep, int at) {
        if (at < 0) {
            return List.of(s, "", "");
        }
        return List.of(s.substring(0, at), sep, s.substring(at + sep.length()));
    }

    private static String pad(String s, int width, String fill, boolean left) {
        String padding = s.length() >= width ? "" : fill.repeat(width - s.length());
        return left ? padding + s : s + padding;
    }

    private static String center(String s, int width, String fill) {
        int total = Math.max(0, width - s.length());
        int leftPad = total / 2 + (total % 2 == 1 && width % 2 == 1 ? 1 : 0);
        return fill.repeat(leftPad) + s + fill.repeat(total - leftPad);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // templates never assign
    }
}
