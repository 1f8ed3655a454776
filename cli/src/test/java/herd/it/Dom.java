package herd.it;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A reader for the HTML that Chromium's {@code --dump-dom} writes: Chromium serializes every element
 * with its end tag (void elements aside) and quotes every attribute, so a stack of open elements
 * rebuilds its tree. Not a general HTML parser; enough to read a page the browser has already parsed.
 */
final class Dom {
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "source", "track", "wbr");
    private static final Set<String> RAW = Set.of("script", "style");
    private static final Set<String> ESCAPABLE_RAW = Set.of("title", "textarea");

    /** An element: its tag, its attributes (unescaped) and its children (elements and text). */
    static final class Element {
        final String tag;
        final Map<String, String> attributes;
        final List<Object> children = new ArrayList<>();

        Element(String tag, Map<String, String> attributes) {
            this.tag = tag;
            this.attributes = attributes;
        }

        String attr(String name) {
            return attributes.get(name);
        }

        boolean hasClass(String name) {
            return List.of(attributes.getOrDefault("class", "").split("\\s+")).contains(name);
        }

        /** This element and every element below it, in document order. */
        List<Element> all(Predicate<Element> which) {
            List<Element> out = new ArrayList<>();
            collect(which, out);
            return out;
        }

        private void collect(Predicate<Element> which, List<Element> out) {
            if (which.test(this)) {
                out.add(this);
            }
            for (Object child : children) {
                if (child instanceof Element e) {
                    e.collect(which, out);
                }
            }
        }

        List<Element> byClass(String name) {
            return all(e -> e.hasClass(name));
        }

        Element byId(String id) {
            List<Element> found = all(e -> id.equals(e.attr("id")));
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " elements with id " + id);
            }
            return found.get(0);
        }

        String text() {
            StringBuilder out = new StringBuilder();
            for (Object child : children) {
                out.append(child instanceof Element e ? e.text() : (String) child);
            }
            return out.toString();
        }
    }

    private Dom() {
    }

    static Element parse(String html) {
        Element root = new Element("#document", Map.of());
        Deque<Element> open = new ArrayDeque<>();
        open.push(root);
        int i = 0;
        while (i < html.length()) {
            if (html.startsWith("<!--", i)) {
                i = html.indexOf("-->", i) + 3;
            } else if (html.startsWith("<!", i)) {
                i = html.indexOf('>', i) + 1;
            } else if (html.startsWith("</", i)) {
                int end = html.indexOf('>', i);
                String tag = html.substring(i + 2, end).trim().toLowerCase();
                while (open.size() > 1 && !open.pop().tag.equals(tag)) {
                    // an element left open is closed by its parent's end tag
                }
                i = end + 1;
            } else if (html.charAt(i) == '<' && i + 1 < html.length() && Character.isLetter(html.charAt(i + 1))) {
                i = startTag(html, i, open);
            } else {
                int next = html.indexOf('<', i + 1);
                next = next < 0 ? html.length() : next;
                open.peek().children.add(unescape(html.substring(i, next)));
                i = next;
            }
        }
        return root;
    }

    private static int startTag(String html, int i, Deque<Element> open) {
        int p = i + 1;
        while (p < html.length() && !Character.isWhitespace(html.charAt(p)) && html.charAt(p) != '>' && html.charAt(p) != '/') {
            p++;
        }
        String tag = html.substring(i + 1, p).toLowerCase();
        Map<String, String> attributes = new LinkedHashMap<>();
        while (true) {
            while (Character.isWhitespace(html.charAt(p)) || html.charAt(p) == '/') {
                p++;
            }
            if (html.charAt(p) == '>') {
                p++;
                break;
            }
            int nameStart = p;
            while (html.charAt(p) != '=' && html.charAt(p) != '>' && !Character.isWhitespace(html.charAt(p))) {
                p++;
            }
            String name = html.substring(nameStart, p).toLowerCase();
            String value = "";
            if (html.charAt(p) == '=') {
                char quote = html.charAt(p + 1);
                int end = html.indexOf(quote, p + 2);
                value = unescape(html.substring(p + 2, end));
                p = end + 1;
            }
            attributes.put(name, value);
        }
        Element element = new Element(tag, attributes);
        open.peek().children.add(element);
        if (RAW.contains(tag) || ESCAPABLE_RAW.contains(tag)) {
            int end = html.indexOf("</" + tag, p);
            String text = html.substring(p, end);
            element.children.add(ESCAPABLE_RAW.contains(tag) ? unescape(text) : text);
            return html.indexOf('>', end) + 1;
        }
        if (!VOID.contains(tag)) {
            open.push(element);
        }
        return p;
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi < 0 || semi - i > 10) {
                out.append(c);
                i++;
                continue;
            }
            String name = text.substring(i + 1, semi);
            switch (name) {
                case "amp" -> out.append('&');
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "quot" -> out.append('"');
                case "nbsp" -> out.append('\u00a0');
                default -> {
                    if (name.startsWith("#x")) {
                        out.appendCodePoint(Integer.parseInt(name.substring(2), 16));
                    } else if (name.startsWith("#")) {
                        out.appendCodePoint(Integer.parseInt(name.substring(1)));
                    } else {
                        out.append(text, i, semi + 1);
                    }
                }
            }
            i = semi + 1;
        }
        return out.toString();
    }
}
