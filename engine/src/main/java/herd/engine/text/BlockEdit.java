package herd.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;

/**
 * blockinfile's edit, as ansible.builtin.blockinfile 2.14 makes it: the block between its two marker
 * lines is put in (replacing an earlier one) or taken out. Content is {@link ByteText}.
 */
public final class BlockEdit {
    private BlockEdit() {
    }

    /**
     * blockinfile's arguments that decide the edit; insertAfter and insertBefore null when not given.
     */
    public record Args(boolean present, String block, String marker, String markerBegin, String markerEnd,
                       String insertAfter, String insertBefore) {
    }

    /** The new content (byte text), whether it differs, and Ansible's message. */
    public record Result(String content, boolean changed, String msg) {
    }

    /**
     * The edit on a file's content; empty for a file that does not exist yet (created with the block).
     */
    public static Result edit(Optional<String> original, Args a) {
        List<String> lines = original.map(ByteText::splitlines).map(ArrayList::new).orElseGet(ArrayList::new);
        String insertAfter = a.insertAfter();
        String insertBefore = a.insertBefore();
        if (insertAfter == null && insertBefore == null) {
            insertAfter = "EOF";
        }
        PythonRegex insertAt = null;
        if (insertAfter != null && !insertAfter.equals("EOF")) {
            insertAt = compile(insertAfter);
        } else if (insertBefore != null && !insertBefore.equals("BOF")) {
            insertAt = compile(insertBefore);
        }
        String marker = ByteText.ofArgument(a.marker());
        String begin = marker(marker, a.markerBegin());
        String end = marker(marker, a.markerEnd());
        String block = ByteText.ofArgument(a.block());
        List<String> blockLines = new ArrayList<>();
        if (a.present() && !block.isEmpty()) {
            if (!block.endsWith("\n")) {
                block += "\n";
            }
            blockLines.add(begin);
            blockLines.addAll(ByteText.splitlines(block));
            blockLines.add(end);
        }
        int n0 = -1;
        int n1 = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(begin)) {
                n0 = i;
            }
            if (lines.get(i).equals(end)) {
                n1 = i;
            }
        }
        int at;
        if (n0 < 0 || n1 < 0) {
            at = where(original.orElse(""), lines, insertAt, insertAfter, insertBefore);
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
            at = n0;
        } else {
            lines.subList(n1, n0 + 1).clear();
            at = n1;
        }
        if (at > 0 && at <= lines.size() && !lines.get(at - 1).endsWith("\n")) {
            lines.set(at - 1, lines.get(at - 1) + "\n");
        }
        lines.addAll(Math.min(at, lines.size()), blockLines);
        String result = String.join("", lines);
        if (original.isPresent() && original.get().equals(result)) {
            return new Result(result, false, "");
        }
        String msg = original.isEmpty() ? "File created" : blockLines.isEmpty() ? "Block removed" : "Block inserted";
        return new Result(result, true, msg);
    }

    /** Where a new block goes: after (before) the last line insertafter (insertbefore) matches, else the end. */
    private static int where(String original, List<String> lines, PythonRegex insertAt, String insertAfter,
                             String insertBefore) {
        if (insertAt == null) {
            return insertBefore != null ? 0 : lines.size();
        }
        int n0 = -1;
        if (insertAt.multiline()) {
            Optional<MatchResult> m = insertAt.search(original);
            if (m.isPresent()) {
                if (insertAfter != null && !insertAfter.isEmpty()) {
                    n0 = newlines(original, m.get().end());
                } else if (insertBefore != null && !insertBefore.isEmpty()) {
                    n0 = newlines(original, m.get().start());
                }
            }
        } else {
            for (int i = 0; i < lines.size(); i++) {
                if (insertAt.search(lines.get(i)).isPresent()) {
                    n0 = i;
                }
            }
        }
        if (n0 < 0) {
            return lines.size();
        }
        return insertAfter != null ? n0 + 1 : n0;
    }

    private static int newlines(String text, int upTo) {
        int count = 0;
        for (int i = 0; i < upTo; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /** The marker line: {mark} replaced by begin or end (a re.sub template, as Ansible fills it), and a newline. */
    private static String marker(String marker, String mark) {
        PythonRegex literal = PythonRegex.compile("\\{mark\\}", PythonRegex.Kind.BYTES);
        return literal.subn(marker, ByteText.ofArgument(mark)).text() + "\n";
    }

    private static PythonRegex compile(String python) {
        return PythonRegex.compile(ByteText.ofArgument(python), PythonRegex.Kind.BYTES);
    }
}
