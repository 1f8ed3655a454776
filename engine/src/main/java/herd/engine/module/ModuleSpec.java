package herd.engine.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a module accepts, checked when the playbook is loaded: names with their types,
 * choices, defaults and aliases, required and mutually exclusive sets, as Ansible's
 * {@code argument_spec} has them.
 *
 * @param collection    the collection the module belongs to ({@code ansible.builtin}, {@code community.general})
 * @param freeForm      the argument a bare word after the module's name goes into ({@code meta: noop}); empty
 *                      when the module takes {@code key=value} words or a mapping only
 * @param anyArgs       the module takes any names (set_fact: each is a variable)
 * @param rawParams     a line after the module's name is all free form ({@code raw: echo a=b}), except the
 *                      words Ansible takes out of such lines ({@code executable=}, {@code creates=}, ...)
 *                      when the spec has that argument: Ansible's raw-parameter modules (raw, script)
 */
public record ModuleSpec(String name, String collection, Map<String, Arg> args, List<Set<String>> mutuallyExclusive,
                         Optional<String> freeForm, boolean anyArgs, boolean rawParams) {
    /** The words Ansible takes out of a raw-parameter line, as {@code name=value}. */
    public static final Set<String> RAW_PARAM_WORDS = Set.of("chdir", "creates", "removes", "executable", "stdin",
            "stdin_add_newline", "strip_empty_ends");

    public ModuleSpec(String name, String collection, Map<String, Arg> args, List<Set<String>> mutuallyExclusive,
                      Optional<String> freeForm, boolean anyArgs) {
        this(name, collection, args, mutuallyExclusive, freeForm, anyArgs, false);
    }

    public ModuleSpec {
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
        mutuallyExclusive = List.copyOf(mutuallyExclusive);
    }

    public static ModuleSpec of(String name, String collection, Arg... args) {
        Map<String, Arg> byName = new LinkedHashMap<>();
        for (Arg arg : args) {
            byName.put(arg.name(), arg);
        }
        return new ModuleSpec(name, collection, byName, List.of(), Optional.empty(), false);
    }

    public ModuleSpec exclusive(String... names) {
        List<Set<String>> sets = new ArrayList<>(mutuallyExclusive);
        sets.add(Set.of(names));
        return new ModuleSpec(name, collection, args, sets, freeForm, anyArgs, rawParams);
    }

    public ModuleSpec freeForm(String arg) {
        return new ModuleSpec(name, collection, args, mutuallyExclusive, Optional.of(arg), anyArgs, rawParams);
    }

    /** The free-form argument of a raw-parameter module (see {@link #rawParams}). */
    public ModuleSpec rawFreeForm(String arg) {
        return new ModuleSpec(name, collection, args, mutuallyExclusive, Optional.of(arg), anyArgs, true);
    }

    public ModuleSpec withAnyArgs() {
        return new ModuleSpec(name, collection, args, mutuallyExclusive, freeForm, true, rawParams);
    }

    /** The argument a name written in a task means: its own or one of its aliases. */
    public Optional<Arg> arg(String written) {
        Arg direct = args.get(written);
        if (direct != null) {
            return Optional.of(direct);
        }
        return args.values().stream().filter(a -> a.aliases().contains(written)).findFirst();
    }

    /** Every name a task may write: arguments and their aliases. */
    public Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>(args.keySet());
        args.values().forEach(a -> names.addAll(a.aliases()));
        return names;
    }

    /** The fully qualified name, e.g. {@code ansible.builtin.debug}. */
    public String fqcn() {
        return collection + "." + name;
    }
}
