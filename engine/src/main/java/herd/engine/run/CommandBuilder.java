package herd.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Booleans;
import herd.engine.playbook.Action;
import herd.engine.playbook.Become;
import herd.engine.playbook.Play;
import herd.engine.playbook.ShellWords;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/**
 * Turns a task into the command line a host runs. Every value that comes from a variable is quoted
 * for the shell; {@code command} splits its line into words and quotes each, so no shell syntax in it
 * is ever interpreted, as in Ansible.
 */
final class CommandBuilder {
    private final Templates templates;

    CommandBuilder(Templates templates) {
        this.templates = templates;
    }

    PreparedCommand prepare(Play play, Task task, Map<String, Object> vars) throws TemplateProblem {
        Optional<String> becomeUser = becomeUser(play, task, vars);
        String body;
        Optional<Text> chdir;
        Optional<Text> creates;
        Optional<Text> removes;
        switch (task.action()) {
            case Action.Command c -> {
                body = words(c.cmd(), vars);
                chdir = c.chdir();
                creates = c.creates();
                removes = c.removes();
            }
            case Action.Shell s -> {
                body = render(s.cmd(), vars);
                chdir = s.chdir();
                creates = s.creates();
                removes = s.removes();
            }
        }
        String cd = "";
        if (chdir.isPresent()) {
            cd = "cd " + ShellWords.quote(render(chdir.get(), vars)) + " || exit 1\n";
        }
        Optional<PreparedCommand.Guard> guard = Optional.empty();
        if (creates.isPresent()) {
            String path = render(creates.get(), vars);
            guard = Optional.of(new PreparedCommand.Guard(wrap(cd + "test -e " + ShellWords.quote(path), becomeUser),
                    true, "skipped, since " + path + " exists"));
        } else if (removes.isPresent()) {
            String path = render(removes.get(), vars);
            guard = Optional.of(new PreparedCommand.Guard(wrap(cd + "test -e " + ShellWords.quote(path), becomeUser),
                    false, "skipped, since " + path + " does not exist"));
        }
        return new PreparedCommand(wrap(cd + body, becomeUser), guard);
    }

    private Optional<String> becomeUser(Play play, Task task, Map<String, Object> vars) throws TemplateProblem {
        Become become = task.become().over(play.become());
        boolean enabled = become.enabled().orElseGet(() -> Booleans.truthy(vars.get("ansible_become")));
        if (!enabled) {
            return Optional.empty();
        }
        if (become.user().isPresent()) {
            return Optional.of(render(become.user().get(), vars));
        }
        Object fromInventory = vars.get("ansible_become_user");
        if (fromInventory != null) {
            return Optional.of(render(new Text(fromInventory.toString(), task.position()), vars));
        }
        return Optional.of("root");
    }

    private String words(Text cmd, Map<String, Object> vars) throws TemplateProblem {
        String line = render(cmd, vars);
        List<String> words;
        try {
            words = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            throw new TemplateProblem(cmd, "cannot split the command into words: " + e.getMessage() + " in: " + line);
        }
        if (words.isEmpty()) {
            throw new TemplateProblem(cmd, "the command is empty");
        }
        List<String> quoted = new ArrayList<>(words.size());
        for (String word : words) {
            quoted.add(ShellWords.quote(word));
        }
        return String.join(" ", quoted);
    }

    private static String wrap(String script, Optional<String> becomeUser) {
        String sh = "/bin/sh -c " + ShellWords.quote(script);
        return becomeUser.map(user -> "sudo -n -H -u " + ShellWords.quote(user) + " -- " + sh).orElse(sh);
    }

    String render(Text text, Map<String, Object> vars) throws TemplateProblem {
        try {
            return Render.fully(templates, text.raw(), vars);
        } catch (TemplateError e) {
            throw new TemplateProblem(text, e.getMessage());
        }
    }
}
