package herd.engine.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> TASK_KEYS = List.of("name", "command", "shell", "become", "become_user",
            "ignore_errors", "timeout", "args");

    @Test
    void aMisspeltWordFindsTheClosestCandidate() {
        assertEquals(Optional.of("command"), Suggestions.closest("comand", TASK_KEYS));
        assertEquals(Optional.of("become_user"), Suggestions.closest("becom_user", TASK_KEYS));
        assertEquals(Optional.of("hosts"), Suggestions.closest("host", List.of("hosts", "vars", "children")));
        assertEquals(Optional.of("children"), Suggestions.closest("childern", List.of("hosts", "vars", "children")));
    }

    @Test
    void caseDoesNotCountButTheCandidateIsReturnedAsWritten() {
        assertEquals(Optional.of("ignore_errors"), Suggestions.closest("IGNORE_ERRORS", TASK_KEYS));
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertEquals(Optional.empty(), Suggestions.closest("xyzzy", TASK_KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("delegate_to", TASK_KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("command", List.of()));
    }
}
