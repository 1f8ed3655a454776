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

    /** Files the playbook reads, by their path beside it (templates). */
    default java.util.Map<String, String> files() {
        return java.util.Map.of();
    }

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

    /**
     * Issue 18's deploy-and-roll: gather facts, then in batches of half the hosts ({@code serial})
     * template a config (its text names the run's time, so every round changes it), copy a file,
     * lineinfile, stat, a command, and a handler, notified by the template, that restarts cron
     * through {@code service}. Every task is ok on every host in every round: 7 steps.
     */
    record DeployAndRoll(int batch) implements Job {
        @Override
        public int steps() {
            return 7;
        }

        @Override
        public String playbook() {
            return """
                    - name: bench - deploy and roll
                      hosts: all
                      gather_facts: true
                      become: true
                      serial: %d
                      tasks:
                        - name: config from a template
                          template:
                            src: app.conf.j2
                            dest: /etc/herd-bench-app-{{ inventory_hostname }}.conf
                            mode: "0644"
                          notify: restart cron
                        - name: a static file
                          copy:
                            content: "bench static file\n"
                            dest: /etc/herd-bench-static-{{ inventory_hostname }}.txt
                            mode: "0644"
                        - name: one line in a config
                          lineinfile:
                            path: /etc/herd-bench-app-{{ inventory_hostname }}.conf
                            line: "# managed by the benchmark"
                        - name: look at the config
                          stat:
                            path: /etc/herd-bench-app-{{ inventory_hostname }}.conf
                          register: conf
                        - name: a command that reads it
                          command: wc -l /etc/herd-bench-app-{{ inventory_hostname }}.conf
                          changed_when: false
                      handlers:
                        - name: restart cron
                          service:
                            name: cron
                            state: restarted
                    """.formatted(batch);
        }

        @Override
        public java.util.Map<String, String> files() {
            return java.util.Map.of("app.conf.j2", """
                    # {{ ansible_managed | default('bench') }}
                    host = {{ inventory_hostname }}
                    address = {{ ansible_default_ipv4.address | default(ansible_host) }}
                    cpus = {{ ansible_processor_vcpus }}
                    deployed = {{ ansible_date_time.iso8601_micro }}
                    """);
        }

        @Override
        public List<String> sshCommands() {
            return List.of();
        }
    }
}
