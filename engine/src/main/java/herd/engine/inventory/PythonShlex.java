package herd.engine.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(line, comments=True)} (POSIX mode), which Ansible's ini plugin uses
 * on host lines: words split on whitespace, single and double quotes, backslash escapes, and
 * {@code #} starting a comment even inside a word. Each word keeps the offset where it began.
 */
final class PythonShlex {
    private PythonShlex() {
    }

    /** A word and the 0-based offset of its first character in the line. */
    record Word(String text, int offset) {
    }

    /** The line could not be split; {@code offset} is where the trouble began. */
    static final class SplitException extends Exception {
        final int offset;

        SplitException(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static List<Word> split(String line) throws SplitException {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (whitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            boolean comment = false;
            while (i < n && !whitespace(line.charAt(i))) {
                char d = line.charAt(i);
                if (d == '#') {
                    comment = true;
                    break;
                }
                if (d == '\\') {
                    if (i + 1 >= n) {
                        throw new SplitException("No escaped character", i);
                    }
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else if (d == '\'' || d == '"') {
                    quoted = true;
                    int open = i;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new SplitException("No closing quotation", open);
                        }
                        char e = line.charAt(i);
                        if (e == d) {
                            i++;
                            break;
                        }
                        if (d == '"' && e == '\\') {
                            if (i + 1 >= n) {
                                throw new SplitException("No escaped character", i);
                            }
                            char next = line.charAt(i + 1);
                            // Within double quotes only the quote and the backslash itself are escaped.
                            if (next != '"' && next != '\\') {
                                word.append('\\');
                            }
                            word.append(next);
                            i += 2;
                        } else {
                            word.append(e);
                            i++;
                        }
                    }
                } else {
                    word.append(d);
                    i++;
                }
            }
            if (word.length() > 0 || quoted) {
                words.add(new Word(word.toString(), start));
            }
            if (comment) {
                break;
            }
        }
        return words;
    }
}
