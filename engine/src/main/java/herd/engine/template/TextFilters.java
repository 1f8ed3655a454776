package herd.engine.template;

import static herd.engine.template.AnsibleFilters.filter;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hubspot.jinjava.lib.filter.Filter;

import herd.engine.load.Booleans;
import herd.engine.shell.ShellWords;

/** Ansible's filters on strings: shell quoting, regular expressions, base64, hashes, paths, ternary. */
final class TextFilters {
    private static final String PYTHON_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f";

    private TextFilters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("quote", (value, call) -> ShellWords.quote(value == null ? "" : value.toString())),
                filter("bool", (value, call) -> Booleans.truthy(value)),
                filter("mandatory", (value, call) -> {
                    if (value == null) {
                        throw new TemplateError(call.args().isEmpty() ? "a mandatory variable is not defined"
                                : String.valueOf(call.args().getFirst()));
                    }
                    return value;
                }),
                filter("ternary", (value, call) -> {
                    Object none = call.arg(2, "none_val", null);
                    if (value == null && none != null) {
                        return none;
                    }
                    return PythonValues.truthy(value) ? call.required(0, "true_val") : call.required(1, "false_val");
                }),
                filter("regex_search", (value, call) -> {
                    Matcher m = pattern(call).matcher(string(value));
                    return m.find() ? m.group() : "";
                }),
                filter("regex_replace", (value, call) -> {
                    Matcher m = pattern(call).matcher(string(value));
                    return m.replaceAll(AnsibleFilters.javaReplacement(call.text(1, "replacement", "")));
                }),
                filter("regex_findall", (value, call) -> findall(pattern(call).matcher(string(value)))),
                filter("regex_escape", (value, call) -> {
                    String type = call.text(0, "re_type", "python");
                    if (!type.equals("python")) {
                        throw new TemplateError("regex_escape: only re_type 'python' is supported, not '" + type + "'");
                    }
                    return escape(string(value));
                }),
                filter("b64encode", (value, call) -> Base64.getEncoder().encodeToString(
                        string(value).getBytes(charset(call)))),
                filter("b64decode", (value, call) -> new String(Base64.getMimeDecoder().decode(string(value)), charset(call))),
                filter("hash", (value, call) -> hash(string(value), call.text(0, "hashtype", "sha1"))),
                filter("checksum", (value, call) -> hash(string(value), "sha1")),
                filter("basename", (value, call) -> {
                    String p = string(value);
                    return p.substring(p.lastIndexOf('/') + 1);
                }),
                filter("dirname", (value, call) -> dirname(string(value))),
                filter("splitext", (value, call) -> splitext(string(value))),
                filter("expanduser", (value, call) -> expanduser(string(value))),
                filter("realpath", (value, call) -> realpath(string(value))));
    }

    private static String string(Object value) {
        return value == null ? "" : PythonValues.text(value);
    }

    /** The pattern of a regex_* filter, with Ansible's ignorecase= and multiline= flags. */
    private static Pattern pattern(AnsibleFilters.Call call) {
        int flags = 0;
        if (PythonValues.truthy(call.kwargs().get("ignorecase"))) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (PythonValues.truthy(call.kwargs().get("multiline"))) {
            flags |= Pattern.MULTILINE;
        }
        return AnsibleFilters.pattern(call.filter(), PythonValues.text(call.required(0, "regex")), flags);
    }

    /** Python's re.findall: the matches, or the one group's text, or a list of the groups' texts. */
    private static List<Object> findall(Matcher m) {
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                out.add(m.group());
            } else if (m.groupCount() == 1) {
                out.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    groups.add(m.group(g) == null ? "" : m.group(g));
                }
                out.add(groups);
            }
        }
        return out;
    }

    /** Python's re.escape. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (PYTHON_SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Charset charset(AnsibleFilters.Call call) {
        String name = call.text(0, "encoding", "utf-8");
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new TemplateError(call.filter() + ": unknown encoding: " + name);
        }
    }

    static String hash(String data, String type) {
        String algorithm = switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            case "sha3_224", "sha3_256", "sha3_384", "sha3_512" -> "SHA3-" + type.substring(5);
            default -> throw new TemplateError("hash: unsupported hash type " + type);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new TemplateError("hash: unsupported hash type " + type);
        }
    }

    /** Python's os.path.dirname: trailing slashes of the head go, unless it is all slashes. */
    static String dirname(String p) {
        String head = p.substring(0, p.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** Python's os.path.splitext: a leading dot of the file name is not an extension. */
    static List<String> splitext(String p) {
        int sep = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        if (dot > sep) {
            for (int i = sep + 1; i < dot; i++) {
                if (p.charAt(i) != '.') {
                    return List.of(p.substring(0, dot), p.substring(dot));
                }
            }
        }
        return List.of(p, "");
    }

    /** Python's os.path.expanduser on the controller: ~ is $HOME, ~user that user's home. */
    static String expanduser(String p) {
        if (!p.startsWith("~")) {
            return p;
        }
        int slash = p.indexOf('/');
        String user = p.substring(1, slash < 0 ? p.length() : slash);
        String rest = slash < 0 ? "" : p.substring(slash);
        String home = user.isEmpty() ? System.getenv().getOrDefault("HOME", System.getProperty("user.home")) : home(user);
        if (home == null) {
            return p;
        }
        return (home.equals("/") && !rest.isEmpty() ? "" : home.replaceAll("(?<=.)/+$", "")) + rest;
    }

    private static String home(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 5 && fields[0].equals(user)) {
                    return fields[5];
                }
            }
        } catch (java.io.IOException e) {
            return null;
        }
        return null;
    }

    /** Python's os.path.realpath on the controller: symbolic links of the part that exists resolved. */
    static String realpath(String p) {
        Path path = Path.of(p).toAbsolutePath().normalize();
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path.toString();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize().toString();
        } catch (java.io.IOException e) {
            return path.toString();
        }
    }
}
