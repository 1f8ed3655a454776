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

    /**
     * Fact gathering: a play with {@code gather_facts: true} and one debug task that reads facts, so
     * each host has two ok steps (Gathering Facts, the debug). The ssh loop has no equivalent.
     */
    record Facts() implements Job {
        @Override
        public int steps() {
            return 2;
        }

        @Override
        public String playbook() {
            return """
                    - name: bench - gather facts, one debug
                      hosts: all
                      gather_facts: true
                      tasks:
                        - name: show facts
                          debug:
                            msg: "{{ ansible_distribution }} {{ ansible_distribution_version }} {{ ansible_processor_vcpus }}"
                    """;
        }

        @Override
        public List<String> sshCommands() {
            return List.of();
        }
    }

    /**
     * Modules herd has no native version of, run through its module bridge (ansible-core's own code
     * on the host): getent, find and user, each ok. The ssh loop has no equivalent.
     */
    record Bridged() implements Job {
        @Override
        public int steps() {
            return 3;
        }

        @Override
        public String playbook() {
            return """
                    - name: bench - ansible-core modules through the bridge
                      hosts: all
                      gather_facts: false
                      become: true
                      tasks:
                        - name: getent
                          getent: database=passwd key=root
                        - name: find
                          find: paths=/etc patterns=hostname
                        - name: user
                          user: name=root state=present
                    """;
        }

        @Override
        public List<String> sshCommands() {
            return List.of();
        }
    }
}
