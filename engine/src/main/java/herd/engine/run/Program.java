package herd.engine.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import herd.engine.playbook.Action;
import herd.engine.playbook.Task;

/**
 * A list of tasks flattened for walking: blocks become frames, so every host has one place (a
 * {@link Cursor}) in one list of slots. A host that finishes a slot moves on; one that fails jumps
 * to the rescue or always section of the innermost block that takes the failure, as Ansible's
 * PlayIterator does, and stops only when no block takes it.
 */
final class Program {
    enum Section { BODY, RESCUE, ALWAYS }

    /**
     * One task and where it sits: its innermost block ({@code -1} outside any) and section of it; or,
     * with no task, a point where the handlers notified so far run (after each section of a play).
     */
    record Slot(Task task, int frame, Section section) {
        boolean flushesHandlers() {
            return task == null;
        }
    }

    /** A block: its parent block and section there, and where its sections start and end. */
    private record Frame(int parent, Section inParent, int bodyStart, int rescueStart, int alwaysStart, int end) {
        int end(Section section) {
            return switch (section) {
                case BODY -> rescueStart;
                case RESCUE -> alwaysStart;
                case ALWAYS -> end;
            };
        }

        boolean hasRescue() {
            return rescueStart < alwaysStart;
        }

        boolean hasAlways() {
            return alwaysStart < end;
        }
    }

    /** Where one host is: the slot it runs next, the blocks whose always section runs for a failure. */
    static final class Cursor {
        private int pc;
        private boolean failed;
        private final Set<Integer> failing = new HashSet<>();

        int pc() {
            return pc;
        }

        /** True when a failure reached the top: the host stops. */
        boolean failed() {
            return failed;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();

    private Program() {
    }

    /** The tasks of an included file or a handler: no flush points. */
    static Program of(List<Task> tasks) {
        Program program = new Program();
        program.add(tasks, -1, Section.BODY);
        return program;
    }

    /**
     * A play compiled into one program, as Ansible's Play.compile: its sections in order (pre_tasks,
     * roles, tasks, post_tasks), each followed by a point where the notified handlers run.
     */
    static Program play(List<List<Task>> sections) {
        Program program = new Program();
        for (List<Task> section : sections) {
            program.add(section, -1, Section.BODY);
            program.slots.add(new Slot(null, -1, Section.BODY));
        }
        return program;
    }

    /** True when a task (not a flush point) remains at or after this slot. */
    boolean tasksFrom(int pc) {
        for (int i = pc; i < slots.size(); i++) {
            if (!slots.get(i).flushesHandlers()) {
                return true;
            }
        }
        return false;
    }

    private void add(List<Task> tasks, int frame, Section section) {
        for (Task task : tasks) {
            if (!(task.action() instanceof Action.Block block)) {
                slots.add(new Slot(task, frame, section));
                continue;
            }
            int id = frames.size();
            frames.add(null);
            int bodyStart = slots.size();
            add(block.block(), id, Section.BODY);
            int rescueStart = slots.size();
            if (rescueStart > bodyStart) {
                add(block.rescue(), id, Section.RESCUE);
            }
            int alwaysStart = slots.size();
            add(block.always(), id, Section.ALWAYS);
            frames.set(id, new Frame(frame, section, bodyStart, rescueStart, alwaysStart, slots.size()));
        }
    }

    int size() {
        return slots.size();
    }

    Slot slot(int pc) {
        return slots.get(pc);
    }

    /** True when the host has nothing more to run here. */
    boolean done(Cursor cursor) {
        return cursor.failed || cursor.pc >= slots.size();
    }

    /** The host has nothing more to run in this program, without having failed (meta end_host, end_batch). */
    void end(Cursor cursor) {
        cursor.pc = slots.size();
    }

    /** The host finished its slot (ok, changed, skipped or an ignored failure): on to the next. */
    void completed(Cursor cursor) {
        Slot slot = slots.get(cursor.pc);
        moveTo(cursor, cursor.pc + 1, slot.frame(), slot.section());
    }

    /** The host failed its slot: to the rescue or always section that takes it, or it stops. */
    void failed(Cursor cursor) {
        Slot slot = slots.get(cursor.pc);
        fail(cursor, slot.frame(), slot.section());
    }

    /**
     * True when a failure at this slot goes straight into a rescue section: Ansible then counts the
     * host as rescued, not failed. {@code outside} answers for a failure that leaves this program
     * (the tasks of an include_tasks inside a block).
     */
    boolean rescues(int pc, boolean outside) {
        int frame = slots.get(pc).frame();
        Section section = slots.get(pc).section();
        while (frame >= 0) {
            Frame f = frames.get(frame);
            if (section == Section.BODY && f.hasRescue()) {
                return true;
            }
            if (section != Section.ALWAYS && f.hasAlways()) {
                return false;
            }
            section = f.inParent();
            frame = f.parent();
        }
        return outside;
    }

    private void moveTo(Cursor cursor, int position, int frame, Section section) {
        if (frame < 0 || position < frames.get(frame).end(section)) {
            cursor.pc = position;
            return;
        }
        Frame f = frames.get(frame);
        if (section != Section.ALWAYS && f.hasAlways()) {
            cursor.pc = f.alwaysStart();
        } else {
            leave(cursor, frame);
        }
    }

    private void leave(Cursor cursor, int frame) {
        Frame f = frames.get(frame);
        if (cursor.failing.remove(frame)) {
            fail(cursor, f.parent(), f.inParent());
        } else {
            moveTo(cursor, f.end(), f.parent(), f.inParent());
        }
    }

    private void fail(Cursor cursor, int frame, Section section) {
        if (frame < 0) {
            cursor.failed = true;
            return;
        }
        Frame f = frames.get(frame);
        if (section == Section.BODY && f.hasRescue()) {
            cursor.pc = f.rescueStart();
        } else if (section != Section.ALWAYS && f.hasAlways()) {
            cursor.failing.add(frame);
            cursor.pc = f.alwaysStart();
        } else {
            cursor.failing.remove(frame);
            fail(cursor, f.parent(), f.inParent());
        }
    }
}
