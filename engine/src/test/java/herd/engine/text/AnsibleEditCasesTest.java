package herd.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Random lineinfile, blockinfile and replace cases (src/test/resources/text/ansible-edits.jsonl,
 * written by ansible-edits.py beside it from ansible-core 2.14's own modules): herd's edits must
 * give the same content, message and changed flag; where Python's re refused the expression or
 * template, herd refuses too.
 */
class AnsibleEditCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCaseAgreesWithAnsible() throws IOException {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        try (InputStream in = AnsibleEditCasesTest.class.getResourceAsStream("/text/ansible-edits.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode c = JSON.readTree(line);
                JsonNode expected = c.get("result");
                if (expected.path("failed").asBoolean(false)) {
                    continue; // the modules' argument checks, tested with the modules
                }
                compared++;
                String got;
                try {
                    got = run(c.get("kind").asText(), c.get("params"), c.get("before").asText());
                } catch (IllegalArgumentException e) {
                    got = "refused: " + e.getMessage();
                }
                String want = expected.has("error") ? "refused" : describe(expected);
                boolean same = want.equals("refused") ? got.startsWith("refused") : want.equals(got);
                if (!same) {
                    differences.add(line + "\n   ansible: " + want + "\n   herd:    " + got);
                }
            }
        }
        assertTrue(compared > 500, "only " + compared + " cases compared");
        assertEquals("", String.join("\n", differences), differences.size() + " of " + compared + " cases differ");
    }

    private static String describe(JsonNode r) {
        String after = r.path("after").isNull() ? null : r.path("after").asText();
        return r.path("msg").asText() + "|" + r.path("changed").asBoolean() + "|" + (r.path("changed").asBoolean() ? after : "-")
                + (r.path("found").isNull() ? "" : "|" + r.path("found").asInt());
    }

    private static String text(JsonNode params, String name) {
        JsonNode v = params.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String run(String kind, JsonNode p, String before) {
        String bytes = ByteText.ofArgument(before);
        switch (kind) {
            case "li" -> {
                String after = text(p, "insertafter");
                String beforeArg = text(p, "insertbefore");
                if (after == null && beforeArg == null) {
                    after = "EOF";
                }
                LineEdit.Args a = new LineEdit.Args(text(p, "regexp"), text(p, "search_string"), text(p, "line"), after,
                        beforeArg, p.path("backrefs").asBoolean(false), p.path("firstmatch").asBoolean(false));
                if (p.get("state").asText().equals("present")) {
                    LineEdit.Result r = LineEdit.present(bytes, a);
                    return r.msg() + "|" + r.changed() + "|" + (r.changed() ? ByteText.readable(r.content()) : "-");
                }
                LineEdit.Result r = LineEdit.absent(bytes, new LineEdit.Args(text(p, "regexp"), text(p, "search_string"),
                        text(p, "line"), null, null, false, false));
                return r.msg() + "|" + r.changed() + "|" + (r.changed() ? ByteText.readable(r.content()) : "-") + "|" + r.found();
            }
            case "bi" -> {
                BlockEdit.Result r = BlockEdit.edit(Optional.of(bytes), new BlockEdit.Args(p.get("state").asText().equals("present"),
                        text(p, "block"), Optional.ofNullable(text(p, "marker")).orElse("# {mark} ANSIBLE MANAGED BLOCK"),
                        "BEGIN", "END", text(p, "insertafter"), text(p, "insertbefore")));
                return r.msg() + "|" + r.changed() + "|" + (r.changed() ? ByteText.readable(r.content()) : "-");
            }
            default -> {
                RegexReplace.Result r = RegexReplace.edit(before, new RegexReplace.Args(text(p, "regexp"), text(p, "replace"),
                        text(p, "after"), text(p, "before")));
                return r.msg() + "|" + r.changed() + "|" + (r.changed() ? r.content() : "-");
            }
        }
    }
}
