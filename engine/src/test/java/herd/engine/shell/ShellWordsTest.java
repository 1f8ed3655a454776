package herd.engine.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsOnWhitespace() {
        assertEquals(List.of("ls", "-l", "/tmp"), ShellWords.split("  ls \t-l\n/tmp  "));
        assertEquals(List.of(), ShellWords.split(""));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void quotesGroupWordsAndJoinAdjacentParts() {
        assertEquals(List.of("echo", "a b", "c"), ShellWords.split("echo \"a b\" c"));
        assertEquals(List.of("echo", "it's here"), ShellWords.split("echo \"it's here\""));
        assertEquals(List.of("say \"hi\""), ShellWords.split("'say \"hi\"'"));
        assertEquals(List.of("abc d"), ShellWords.split("a'b'\"c d\""));
        assertEquals(List.of("--name=my app"), ShellWords.split("--name='my app'"));
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertEquals(List.of("printf", "%s", "", "x"), ShellWords.split("printf %s '' x"));
        assertEquals(List.of(""), ShellWords.split("\"\""));
    }

    @Test
    void aBackslashEscapesOutsideQuotesOnly() {
        assertEquals(List.of("a b", "$HOME", "'"), ShellWords.split("a\\ b \\$HOME \\'"));
        assertEquals(List.of("a\\b"), ShellWords.split("'a\\b'"), "nothing escapes inside single quotes");
        assertEquals(List.of("a\"b$c\\d\\e"), ShellWords.split("\"a\\\"b\\$c\\\\d\\e\""),
                "inside double quotes a backslash escapes only \\ \" $ and `");
    }

    @Test
    void noShellExpansionTakesPlace() {
        assertEquals(List.of("echo", "$HOME;", "ls", "*", "|", "wc"), ShellWords.split("echo $HOME; ls * | wc"));
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertEquals("no closing quotation",
                assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'oops")).getMessage());
        assertEquals("no closing quotation",
                assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo \"oops")).getMessage());
    }

    @Test
    void quoteLeavesSafeWordsAlone() {
        assertEquals("/usr/bin/env", ShellWords.quote("/usr/bin/env"));
        assertEquals("--opt=1,2:3", ShellWords.quote("--opt=1,2:3"));
        assertEquals("user@host", ShellWords.quote("user@host"));
    }

    @Test
    void quoteWrapsEverythingElseInSingleQuotes() {
        assertEquals("''", ShellWords.quote(""));
        assertEquals("'a b'", ShellWords.quote("a b"));
        assertEquals("'$HOME'", ShellWords.quote("$HOME"));
        assertEquals("'it'\"'\"'s'", ShellWords.quote("it's"));
        assertEquals("'a;b'", ShellWords.quote("a;b"));
    }

    @Test
    void quotedWordsSplitBackIntoTheSameWords() {
        List<String> words = List.of("plain", "", "a b", "it's", "'", "''", "\"", "$HOME", "`id`", "$(id)", "a;b",
                "x && y", "a|b", "back\\slash", "tab\there", "new\nline", "*", "~", "#comment", "  lead", "trail  ",
                "--opt=a b", "ünïcode", "!", "%s\\n");
        List<String> quoted = new ArrayList<>();
        words.forEach(w -> quoted.add(ShellWords.quote(w)));
        assertEquals(words, ShellWords.split(String.join(" ", quoted)));
    }
}
