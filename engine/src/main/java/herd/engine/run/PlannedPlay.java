package herd.engine.run;

import java.util.List;

import herd.engine.inventory.Host;
import herd.engine.playbook.Play;

/** A play with the hosts it targets after patterns and --limit. */
public record PlannedPlay(Play play, List<Host> hosts) {
    public PlannedPlay {
        hosts = List.copyOf(hosts);
    }
}
