package herd.engine.module.builtin.files;

import java.util.regex.Pattern;

/**
 * File modes as Ansible's {@code mode} argument gives them: a number (YAML {@code 0644} is already
 * the number 420, used as it is), an octal string ({@code "0644"}, {@code "644"}) or a symbolic one
 * ({@code "u=rw,g=r,o=r"}, {@code "u+x"}, {@code "a-w"}, {@code "+X"}), computed against the path's
 * current mode as chmod (and Ansible's {@code _symbolic_mode_to_octal}) computes it: {@code X} only for
 * folders and for files someone may execute already, a missing who ({@code "+x"}) leaves the umask's bits alone.
 */
public final class Modes {
    private static final int PERM_BITS = 07777;
    private static final Pattern OPERATOR = Pattern.compile("[+=-]");

    private Modes() {
    }

    /** A mode that cannot be applied, in Ansible's words ({@link #getMessage()}) with the details. */
    public static final class BadMode extends Exception {
        private final String details;

        BadMode(String message, String details) {
            super(message);
            this.details = details;
        }

        /** What exactly was wrong, as Ansible's {@code details} field says it. */
        public String details() {
            return details;
        }
    }

    /**
     * The permission bits {@code mode} asks for, on a path whose mode is now {@code current}.
     *
     * @param mode      the argument as written: a number, an octal string or a symbolic mode
     * @param current   the path's permission bits now (0 when it does not exist yet)
     * @param directory whether the path is a folder (for {@code X})
     * @param umask     the umask of the user who applies the mode (for a symbolic mode without who)
     */
    public static int resolve(Object mode, int current, boolean directory, int umask) throws BadMode {
        int bits;
        if (mode instanceof Number n) {
            bits = n.intValue();
        } else {
            String text = String.valueOf(mode).strip();
            if (text.matches("[0-7]+")) {
                bits = Integer.parseInt(text, 8);
            } else if (text.matches("0[oO][0-7]+")) {
                bits = Integer.parseInt(text.substring(2), 8);
            } else {
                try {
                    bits = symbolic(text, current & PERM_BITS, directory, umask);
                } catch (IllegalArgumentException e) {
                    throw new BadMode("mode must be in octal or symbolic form", e.getMessage());
                }
            }
        }
        if ((bits & ~PERM_BITS) != 0 || bits < 0) {
            throw new BadMode("Invalid mode supplied, only permission info is allowed", Integer.toString(bits));
        }
        return bits;
    }

    /** True when the argument is a symbolic mode, which depends on the path's current mode. */
    public static boolean isSymbolic(Object mode) {
        return !(mode instanceof Number) && !String.valueOf(mode).strip().matches("(0[oO])?[0-7]+");
    }

    /** A mode as Ansible reports it: {@code 0644}, {@code 01777}. */
    public static String octal(int bits) {
        String digits = Integer.toOctalString(bits & PERM_BITS);
        return "0" + "0".repeat(Math.max(0, 3 - digits.length())) + digits;
    }

    /** Every clause reads X and u/g/o copies from the mode before the whole change, as Ansible does. */
    private static int symbolic(String text, int current, boolean directory, int umask) {
        int mode = current;
        for (String clause : text.split(",", -1)) {
            java.util.regex.Matcher op = OPERATOR.matcher(clause);
            if (!op.find()) {
                throw new IllegalArgumentException("bad symbolic permission for mode: " + clause);
            }
            String users = clause.substring(0, op.start());
            boolean useUmask = users.isEmpty();
            if (users.isEmpty() || users.equals("a")) {
                users = "ugo";
            }
            if (!users.matches("[ugo]+")) {
                throw new IllegalArgumentException("bad symbolic permission for mode: " + clause);
            }
            String rest = clause.substring(op.start());
            // the operators and the permissions after each: "=rw-x+X" is three operations
            java.util.regex.Matcher each = Pattern.compile("([+=-])([^+=-]*)").matcher(rest);
            while (each.find()) {
                char operator = each.group(1).charAt(0);
                String perms = each.group(2);
                if (!perms.matches("[rwxXstugo]*")) {
                    throw new IllegalArgumentException("bad symbolic permission for mode: " + clause);
                }
                for (char user : users.toCharArray()) {
                    int apply = permsFor(user, perms, current, directory, useUmask ? umask : 0);
                    mode = operate(user, operator, apply, mode);
                }
            }
        }
        return mode;
    }

    private static int operate(char user, char operator, int apply, int mode) {
        return switch (operator) {
            case '=' -> {
                int mask = switch (user) {
                    case 'u' -> 0700 | 04000;
                    case 'g' -> 070 | 02000;
                    default -> 07 | 01000;
                };
                yield (mode & (mask ^ PERM_BITS)) | apply;
            }
            case '+' -> mode | apply;
            default -> mode & ~apply;
        };
    }

    private static int permsFor(char user, String perms, int previous, boolean directory, int umask) {
        int keep = ~umask;
        boolean applyX = directory || (previous & 0111) != 0;
        int shift = switch (user) {
            case 'u' -> 6;
            case 'g' -> 3;
            default -> 0;
        };
        int bits = 0;
        for (char p : perms.toCharArray()) {
            bits |= switch (p) {
                case 'r' -> (04 << shift) & keep;
                case 'w' -> (02 << shift) & keep;
                case 'x' -> (01 << shift) & keep;
                case 'X' -> applyX ? 01 << shift : 0;
                case 's' -> user == 'u' ? 04000 : user == 'g' ? 02000 : 0;
                case 't' -> user == 'o' ? 01000 : 0;
                case 'u' -> ((previous >> 6) & 07) << shift;
                case 'g' -> ((previous >> 3) & 07) << shift;
                case 'o' -> (previous & 07) << shift;
                default -> 0;
            };
        }
        return bits;
    }
}
