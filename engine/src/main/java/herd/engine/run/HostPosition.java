package herd.engine.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import herd.engine.playbook.Task;

/**
 * Where one host is in its play: the play's program at the bottom and, above it, the files that
 * include_tasks brought in for this host, each run once per loop item it took. The top frame's
 * slot is what the host runs next. Hosts that included the same file are at the same task of it
 * round after round, as Ansible's linear strategy takes them through it.
 */
final class HostPosition {
    /** One loop item of an include: its variables (the include's params) and its name prefix. */
    record Item(Map<String, Object> vars, String prefix) {
    }

    /** A program being walked, for each of its items in turn. */
    private static final class Frame {
        final Program program;
        final List<Item> items;
        final boolean rescuesOutside;
        int item;
        Program.Cursor cursor = new Program.Cursor();

        Frame(Program program, List<Item> items, boolean rescuesOutside) {
            this.program = program;
            this.items = List.copyOf(items);
            this.rescuesOutside = rescuesOutside;
        }
    }

    /** How the host came out of its slot. */
    enum Went { ON, FAILED, UNREACHABLE }

    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Program play;
    private final Frame bottom;
    private boolean failed;

    HostPosition(Program play) {
        this.play = play;
        this.bottom = new Frame(play, List.of(new Item(Map.of(), "")), false);
        frames.push(bottom);
    }

    /** Where the host is in the play's own program: hosts at the lowest position run first. */
    int playPc() {
        return bottom.cursor.pc();
    }

    Program.Slot slot() {
        Frame top = frames.peek();
        return top.program.slot(top.cursor.pc());
    }

    Task task() {
        return slot().task();
    }

    /** The include item the host is in (the play's own, with no params, once it is done). */
    Item item() {
        Frame top = frames.isEmpty() ? bottom : frames.peek();
        return top.items.get(top.item);
    }

    /** True when a failure of the current slot goes into a rescue section (the host then counts as rescued). */
    boolean rescues() {
        Frame top = frames.peek();
        return top.program.rescues(top.cursor.pc(), top.rescuesOutside);
    }

    boolean done() {
        return failed || frames.isEmpty();
    }

    /** True when the failure reached the play: the host stops. */
    boolean failed() {
        return failed;
    }

    /** The current slot is an include that took these items in: the host walks its tasks next. */
    void include(Program file, List<Item> items) {
        if (items.isEmpty()) {
            moved(Went.ON);
            return;
        }
        frames.push(new Frame(file, items, rescues()));
    }

    /** The host is done with its current slot. */
    void moved(Went went) {
        Frame top = frames.peek();
        switch (went) {
            case ON -> top.program.completed(top.cursor);
            case FAILED -> top.program.failed(top.cursor);
            case UNREACHABLE -> failed = true;
        }
        unwind();
    }

    /** Nothing more for this host in the play, without a failure (meta end_host, end_batch, end_play). */
    void end() {
        frames.clear();
    }

    /** Leaves finished frames: the next item of an include, else back to the slot that included it. */
    private void unwind() {
        while (!failed && !frames.isEmpty() && frames.peek().program.done(frames.peek().cursor)) {
            Frame top = frames.peek();
            if (top.cursor.failed()) {
                frames.pop();
                if (frames.isEmpty()) {
                    failed = true;
                } else {
                    frames.peek().program.failed(frames.peek().cursor);
                }
            } else if (top.item + 1 < top.items.size()) {
                top.item++;
                top.cursor = new Program.Cursor();
            } else {
                frames.pop();
                if (!frames.isEmpty()) {
                    frames.peek().program.completed(frames.peek().cursor);
                }
            }
        }
    }

    /** True when the host stopped (failed or unreachable) before the play's last task. */
    boolean stoppedEarly() {
        return failed && play.tasksFrom(bottom.cursor.pc() + 1);
    }
}
