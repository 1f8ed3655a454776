package herd.engine.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.playbook.Action;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;

/** The haproxy task that puts a server back: the one that took it out, with state enabled and a wait for UP. */
final class PoolRestore {
    /** How long a restored server may take to come UP: 20 checks a second apart. */
    static final int WAIT_RETRIES = 20;

    private PoolRestore() {
    }

    static Task enableTask(PoolTracker.Restore restore) {
        Task took = restore.task();
        Action.Module module = (Action.Module) took.action();
        Map<String, Object> args = new LinkedHashMap<>(module.args());
        args.keySet().removeAll(Set.of("drain", "shutdown_sessions", "wait_retries", "wait_interval"));
        args.put("state", "enabled");
        args.put("backend", restore.backend());
        args.put("host", restore.server());
        args.put("wait", true);
        args.put("wait_retries", WAIT_RETRIES);
        args.put("wait_interval", 1);
        Text name = new Text("put " + restore.backend() + "/" + restore.server()
                + " back into the load balancer after the interrupt", took.position());
        return new Task(Optional.of(name), new Action.Module(module.implementation(), args, module.position()), took.become(),
                false, Optional.of(Duration.ofSeconds(WAIT_RETRIES + 30L)), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), took.delegateTo(), false, Set.of(), List.of(),
                took.vars(), took.role(), took.options(), took.position());
    }
}
