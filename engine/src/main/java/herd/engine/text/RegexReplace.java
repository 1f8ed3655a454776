package herd.engine.text;

import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * replace's edit, as ansible.builtin.replace 2.14 makes it: every match of a Python str pattern
 * (MULTILINE) replaced with a template, only between {@code after} and {@code before} when given.
 * Content is text, decoded with the module's encoding.
 */
public final class RegexReplace {
    private RegexReplace() {
    }

    /** replace's arguments that decide the edit; after and before null (or empty) when not given. */
    public record Args(String regexp, String replace, String after, String before) {
    }

    /**
     * The new text, how many replacements were made, and Ansible's message: {@code N replacements made},
     * empty when nothing changed, or that after/before did not match.
     */
    public record Result(String content, boolean changed, String msg, int count) {
    }

    public static Result edit(String contents, Args a) {
        boolean after = a.after() != null && !a.after().isEmpty();
        boolean before = a.before() != null && !a.before().isEmpty();
        String section = contents;
        int from = 0;
        int to = contents.length();
        if (after || before) {
            String pattern = after && before ? a.after() + "(?P<subsection>.*?)" + a.before()
                    : after ? a.after() + "(?P<subsection>.*)" : "(?P<subsection>.*)" + a.before();
            PythonRegex sectionRe = PythonRegex.compile(pattern, PythonRegex.Kind.TEXT, false, true);
            Optional<MatchResult> m = sectionRe.search(contents);
            if (m.isEmpty()) {
                return new Result(contents, false,
                        "Pattern for before/after params did not match the given file: " + pattern, 0);
            }
            int group = sectionRe.group("subsection").orElseThrow();
            from = m.get().start(group);
            to = m.get().end(group);
            section = contents.substring(from, to);
        }
        PythonRegex regexp = PythonRegex.compile(a.regexp(), PythonRegex.Kind.TEXT, true, false);
        PythonRegex.Substitution sub = regexp.subn(section, a.replace() == null ? "" : a.replace());
        if (sub.count() > 0 && !section.equals(sub.text())) {
            String result = contents.substring(0, from) + sub.text() + contents.substring(to);
            return new Result(result, true, sub.count() + " replacements made", sub.count());
        }
        return new Result(contents, false, "", 0);
    }
}
