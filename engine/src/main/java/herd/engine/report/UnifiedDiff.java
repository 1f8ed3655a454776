package herd.engine.report;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import herd.engine.event.Diff;

/**
 * A {@link Diff} as the unified diff Ansible's console prints for {@code --diff}: headers {@code
 * --- before: PATH} and {@code +++ after: PATH}, three lines of context, "\ No newline at end of
 * file" where a side does not end with one, then the module's prepared text.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\\ No newline at end of file";

    private UnifiedDiff() {
    }

    /** The diff's lines; none when before and after are the same and nothing was prepared. */
    static List<String> lines(Diff diff) {
        List<String> out = new ArrayList<>();
        List<String> before = split(diff.before());
        List<String> after = split(diff.after());
        Patch<String> patch = DiffUtils.diff(before, after);
        if (!patch.getDeltas().isEmpty()) {
            String from = diff.beforeHeader().map(h -> "before: " + h).orElse("before");
            String to = diff.afterHeader().map(h -> "after: " + h).orElse("after");
            for (String line : UnifiedDiffUtils.generateUnifiedDiff(from, to, before, patch, CONTEXT)) {
                // the marker belongs to the line before it, not to either side
                out.add(line.length() > 1 && line.substring(1).equals(NO_NEWLINE) ? NO_NEWLINE : line);
            }
        }
        diff.prepared().ifPresent(p -> out.addAll(p.lines().toList()));
        return out;
    }

    /** Lines without their ends; a last line without one is followed by diff's marker for that. */
    private static List<String> split(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.isEmpty() && !text.endsWith("\n")) {
            lines.add(NO_NEWLINE);
        }
        return lines;
    }
}
