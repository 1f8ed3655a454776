package herd.engine.module;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.module.builtin.AddHost;
import herd.engine.module.builtin.Assert;
import herd.engine.module.builtin.AsyncStatus;
import herd.engine.module.builtin.Blockinfile;
import herd.engine.module.builtin.Copy;
import herd.engine.module.builtin.Cron;
import herd.engine.module.builtin.Debug;
import herd.engine.module.builtin.Fail;
import herd.engine.module.builtin.Fetch;
import herd.engine.module.builtin.File;
import herd.engine.module.builtin.GatherFacts;
import herd.engine.module.builtin.GetUrl;
import herd.engine.module.builtin.GroupBy;
import herd.engine.module.builtin.Haproxy;
import herd.engine.module.builtin.HaproxyInfo;
import herd.engine.module.builtin.IncludeVars;
import herd.engine.module.builtin.Lineinfile;
import herd.engine.module.builtin.Meta;
import herd.engine.module.builtin.Pause;
import herd.engine.module.builtin.Ping;
import herd.engine.module.builtin.Raw;
import herd.engine.module.builtin.Reboot;
import herd.engine.module.builtin.Replace;
import herd.engine.module.builtin.Script;
import herd.engine.module.builtin.Service;
import herd.engine.module.builtin.ServiceFacts;
import herd.engine.module.builtin.SetFact;
import herd.engine.module.builtin.Setup;
import herd.engine.module.builtin.Slurp;
import herd.engine.module.builtin.Stat;
import herd.engine.module.builtin.Supervisorctl;
import herd.engine.module.builtin.Systemd;
import herd.engine.module.builtin.Template;
import herd.engine.module.builtin.Uri;
import herd.engine.module.builtin.WaitFor;
import herd.engine.module.builtin.WaitForConnection;

/**
 * Every module herd runs natively, found by any name a playbook may use: the short name, the fully
 * qualified one, and for ansible.builtin modules {@code ansible.legacy.} too. Adding a module is one
 * file in {@code module.builtin} and one line here. Every other module a task names is looked for
 * by the bridge ({@code module.bridge}) where Ansible would find it.
 */
public final class Modules {
    private static final List<Module> BUILTIN = List.of(
            new Debug(),
            new Fail(),
            new Assert(),
            new SetFact(),
            new Pause(),
            new WaitFor(),
            new Uri(),
            new Haproxy(),
            new HaproxyInfo(),
            new Supervisorctl(),
            new Ping(),
            new Lineinfile(),
            new Blockinfile(),
            new Replace(),
            new Slurp(),
            new Fetch(),
            new Raw(),
            new Cron(),
            new Script(),
            new WaitForConnection(),
            new Reboot(),
            new GetUrl(),
            new Service(),
            new Systemd(),
            Systemd.service(),
            new Setup(),
            new GatherFacts(),
            new ServiceFacts(),
            new Meta(),
            new Copy(),
            new Template(),
            new File(),
            new Stat(),
            new GroupBy(),
            new AddHost(),
            new IncludeVars(),
            new AsyncStatus());

    private static final Map<String, Module> BY_NAME = byName();

    private Modules() {
    }

    /** The module a task names, by any of its names. */
    public static Optional<Module> find(String written) {
        return Optional.ofNullable(BY_NAME.get(written));
    }

    /** Every name a task may use for a module herd runs. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    private static Map<String, Module> byName() {
        Map<String, Module> m = new LinkedHashMap<>();
        for (Module module : BUILTIN) {
            for (String alias : aliases(module.spec())) {
                if (m.putIfAbsent(alias, module) != null) {
                    throw new IllegalStateException("two modules are named " + alias);
                }
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    static List<String> aliases(ModuleSpec spec) {
        return switch (spec.collection()) {
            case "" -> List.of(spec.name());
            case "ansible.builtin" -> List.of(spec.name(), spec.fqcn(), "ansible.legacy." + spec.name());
            default -> List.of(spec.name(), spec.fqcn());
        };
    }
}
