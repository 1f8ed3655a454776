package herd.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * lineinfile's edit, as ansible.builtin.lineinfile 2.14 makes it: old content and arguments in,
 * new content and Ansible's message out. Content is {@link ByteText} (Python bytes); the regular
 * expressions are Python bytes patterns, each applied to one line with its newline.
 */
public final class LineEdit {
    private LineEdit() {
    }

    /**
     * lineinfile's arguments that decide the edit; null for those not given.
     *
     * @param insertAfter the default {@code EOF} already filled in when neither insertafter nor insertbefore is given
     */
    public record Args(String regexp, String searchString, String line, String insertAfter, String insertBefore,
                       boolean backrefs, boolean firstmatch) {
    }

    /**
     * The result: the new content (byte text), whether it changed, Ansible's message ({@code line added},
     * {@code line replaced}, {@code N line(s) removed}, or empty) and, for state=absent, how many lines
     * were found.
     */
    public record Result(String content, boolean changed, String msg, int found) {
    }

    /** state=present on a file's content ({@code ""} for a file that is created). */
    public static Result present(String content, Args a) {
        List<String> lines = ByteText.readlines(content);
        String line = ByteText.ofArgument(a.line());
        PythonRegex regexp = a.regexp() == null ? null : compile(a.regexp());
        PythonRegex insertAt = null;
        if (a.insertAfter() != null && !a.insertAfter().equals("BOF") && !a.insertAfter().equals("EOF")) {
            insertAt = compile(a.insertAfter());
        } else if (a.insertBefore() != null && !a.insertBefore().equals("BOF")) {
            insertAt = compile(a.insertBefore());
        }
        int found = -1;
        int insertIndex = -1;
        MatchResult match = null;
        boolean searchFound = false;
        if (regexp != null) {
            for (int n = 0; n < lines.size(); n++) {
                Optional<MatchResult> m = regexp.search(lines.get(n));
                if (m.isPresent()) {
                    found = n;
                    match = m.get();
                    if (a.firstmatch()) {
                        break;
                    }
                }
            }
        }
        if (a.searchString() != null) {
            String search = ByteText.ofArgument(a.searchString());
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).contains(search)) {
                    found = n;
                    searchFound = true;
                    if (a.firstmatch()) {
                        break;
                    }
                }
            }
        }
        boolean insertAfter = a.insertAfter() != null && !a.insertAfter().isEmpty();
        boolean insertBefore = a.insertBefore() != null && !a.insertBefore().isEmpty();
        if (match == null && !searchFound) {
            for (int n = 0; n < lines.size(); n++) {
                if (line.equals(ByteText.stripEnd(lines.get(n)))) {
                    found = n;
                } else if (insertAt != null && insertAt.search(lines.get(n)).isPresent()) {
                    if (insertAfter) {
                        insertIndex = n + 1;
                        if (a.firstmatch()) {
                            break;
                        }
                    }
                    if (insertBefore) {
                        insertIndex = n;
                        if (a.firstmatch()) {
                            break;
                        }
                    }
                }
            }
        }
        boolean changed = false;
        String msg = "";
        if (found != -1) {
            String newLine = a.backrefs() && match != null ? regexp.expand(match, line) : line;
            if (!newLine.endsWith("\n")) {
                newLine += "\n";
            }
            if (!lines.get(found).equals(newLine)) {
                lines.set(found, newLine);
                msg = "line replaced";
                changed = true;
            }
        } else if (a.backrefs()) {
            // nothing: without a match there is nothing to fill the references with
        } else if ("BOF".equals(a.insertBefore()) || "BOF".equals(a.insertAfter())) {
            lines.add(0, line + "\n");
            msg = "line added";
            changed = true;
        } else if ("EOF".equals(a.insertAfter()) || insertIndex == -1) {
            if (!lines.isEmpty() && !endsWithNewline(lines.get(lines.size() - 1))) {
                lines.add("\n");
            }
            lines.add(line + "\n");
            msg = "line added";
            changed = true;
        } else if (insertAfter) {
            boolean atEnd = lines.size() == insertIndex;
            String neighbour = atEnd ? lines.get(insertIndex - 1) : lines.get(insertIndex);
            if (!line.equals(ByteText.stripEnd(neighbour))) {
                lines.add(insertIndex, line + "\n");
                msg = "line added";
                changed = true;
            }
        } else {
            lines.add(insertIndex, line + "\n");
            msg = "line added";
            changed = true;
        }
        return new Result(String.join("", lines), changed, msg, 0);
    }

    /** state=absent: every line that matches regexp, contains search_string, or equals line goes. */
    public static Result absent(String content, Args a) {
        PythonRegex regexp = a.regexp() == null ? null : compile(a.regexp());
        String search = a.searchString() == null ? null : ByteText.ofArgument(a.searchString());
        String line = a.line() == null ? null : ByteText.ofArgument(a.line());
        List<String> kept = new ArrayList<>();
        int found = 0;
        for (String current : ByteText.readlines(content)) {
            boolean matches = regexp != null ? regexp.search(current).isPresent()
                    : search != null ? current.contains(search)
                    : ByteText.stripEnd(current).equals(line);
            if (matches) {
                found++;
            } else {
                kept.add(current);
            }
        }
        return new Result(String.join("", kept), found > 0, found > 0 ? found + " line(s) removed" : "", found);
    }

    private static boolean endsWithNewline(String line) {
        return line.endsWith("\n") || line.endsWith("\r");
    }

    private static PythonRegex compile(String python) {
        return PythonRegex.compile(ByteText.ofArgument(python), PythonRegex.Kind.BYTES);
    }
}
