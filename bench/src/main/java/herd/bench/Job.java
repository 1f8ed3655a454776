package herd.bench;

import java.util.List;

/**
 * What every host does in a workload, written twice: as an Ansible playbook (run as it is by herd and
 * by ansible-playbook) and as the literal remote commands of the plain ssh loop, one per step.
 */
interface Job {
    /** Steps per host; a host is error-free when all of them end ok. */
    int steps();

    /** The playbook text, for {@code hosts: all}. */
    String playbook();

    /** The remote command lines the ssh loop runs, in order, each on all hosts at once. */
    List<String> sshCommands();

    /** Issue 3's workload: {@code steps} times {@code sudo -n -u plone_daemon true}. */
    record BecomeTrue(int steps) implements Job {
        public BecomeTrue {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
        }

        @Override
        public String playbook() {
            StringBuilder yaml = new StringBuilder()
                    .append("- name: bench - ").append(steps).append(" x sudo -n -u plone_daemon true\n")
                    .append("  hosts: all\n")
                    .append("  gather_facts: false\n")
                    .append("  become: true\n")
                    .append("  become_user: plone_daemon\n")
                    .append("  tasks:\n");
            for (int i = 1; i <= steps; i++) {
                yaml.append("    - name: step ").append(i).append('\n')
                        .append("      command: /bin/true\n");
            }
            return yaml.toString();
        }

        @Override
        public List<String> sshCommands() {
            return java.util.Collections.nCopies(steps, "sudo -n -u plone_daemon true");
        }
    }
}
