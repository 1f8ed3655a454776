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

    /**
     * Sets the hosts up before any tool runs (outside every timed span) and returns variables for the
     * inventory's {@code all.vars}; nothing and none by default.
     *
     * @param root the repository, for the test bed's files
     */
    default java.util.Map<String, String> prepare(java.nio.file.Path root, List<herd.testbed.TestHost> containers,
                                                  List<Cluster.Host> targets) {
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

    /**
     * Issue 18's rolling restart on the simulated cluster: every host runs one simulated ZEO client
     * (testbed/plone, quick to start and stop) on its own address behind one HAProxy, which also
     * holds the zeoserver, on a loopback address of its own in the first container. In batches of
     * {@code batch} hosts: drain and disable the host's server in HAProxy (through its admin socket
     * over TCP, with socat, from the host itself), stop the client, start it, wait until it answers 200,
     * enable it, wait until HAProxy has it UP: 7 steps, all ok, the cluster whole again after every run.
     */
    record RollingRestart(int batch) implements Job {
        static final String SIM = "/opt/plonesim";
        static final int CLIENT_PORT = 8080;
        static final int ZEO_PORT = 8100;
        static final int ADMIN_PORT = 9999;
        static final int FRONTEND_PORT = 8000;

        @Override
        public int steps() {
            return 7;
        }

        @Override
        public String playbook() {
            return """
                    - name: bench - rolling restart behind HAProxy
                      hosts: all
                      gather_facts: false
                      serial: %d
                      max_fail_percentage: 0
                      become: true
                      become_user: plone_daemon
                      vars:
                        buildout: "/var/db/plone/{{ inventory_hostname }}"
                        admin: "tcp:{{ bench_lb }}:%d"
                      tasks:
                        - name: drain it in HAProxy
                          shell: echo "set server plone/{{ inventory_hostname }} state drain" | socat stdio {{ admin }}
                        - name: disable it in HAProxy
                          shell: echo "disable server plone/{{ inventory_hostname }}" | socat stdio {{ admin }}
                        - name: stop the client
                          command: bin/client1 stop
                          args:
                            chdir: "{{ buildout }}"
                        - name: start the client
                          command: bin/client1 start
                          args:
                            chdir: "{{ buildout }}"
                        - name: wait until it answers 200
                          uri:
                            url: "http://{{ ansible_host }}:%d/"
                            status_code: 200
                            timeout: 10
                          register: page
                          until: page.status == 200
                          retries: 60
                          delay: 1
                        - name: enable it in HAProxy
                          shell: echo "enable server plone/{{ inventory_hostname }}" | socat stdio {{ admin }}
                        - name: wait until HAProxy has it UP
                          shell: >-
                            for i in $(seq 100); do
                            echo "show stat" | socat stdio {{ admin }} | grep -q "^plone,{{ inventory_hostname }},.*,UP," && exit 0;
                            sleep 0.2; done; exit 1
                    """.formatted(batch, ADMIN_PORT, CLIENT_PORT);
        }

        @Override
        public List<String> sshCommands() {
            return List.of();
        }

        @Override
        public java.util.Map<String, String> prepare(java.nio.file.Path root, List<herd.testbed.TestHost> containers,
                                                     List<Cluster.Host> targets) {
            String lb = herd.testbed.TestHost.loopbackAddress(herd.testbed.TestHost.nextLoopback());
            herd.testbed.TestHost first = containers.getFirst();
            for (herd.testbed.TestHost c : containers) {
                c.copyInto(root.resolve("testbed/plone"), SIM);
            }
            String quick = " --set clients.http-fast-listen=on --set clients.startup-seconds=0.5"
                    + " --set clients.cold-requests=1 --set clients.cold-seconds=0.2 --set clients.stop-seconds=0.5";
            first.sh(buildout("/var/db/plone/bench-zeo", lb, 0, lb, "") + " && " + asPlone("/var/db/plone/bench-zeo",
                    "bin/zeoserver start"));
            StringBuilder servers = new StringBuilder();
            for (herd.testbed.TestHost c : containers) {
                StringBuilder script = new StringBuilder("set -e\n");
                for (Cluster.Host t : targets) {
                    if (c.addresses().contains(t.address())) {
                        String dir = "/var/db/plone/" + t.name();
                        script.append(buildout(dir, lb, 1, t.address(), quick)).append('\n')
                                .append(asPlone(dir, "bin/client1 start")).append('\n');
                    }
                }
                c.sh(script.toString());
            }
            for (Cluster.Host t : targets) {
                servers.append("    server ").append(t.name()).append(' ').append(t.address()).append(':')
                        .append(CLIENT_PORT).append(" check inter 500ms fall 2 rise 1\n");
            }
            String cfg = """
                    global
                        stats socket ipv4@%s:%d level admin
                        stats timeout 30s
                    defaults
                        mode http
                        retries 3
                        option redispatch
                        timeout connect 2s
                        timeout client 30s
                        timeout server 30s
                        timeout check 5s
                    frontend www
                        bind %s:%d
                        default_backend plone
                    backend plone
                        option httpchk GET /
                    %s""".formatted(lb, ADMIN_PORT, lb, FRONTEND_PORT, servers);
            first.sh("mkdir -p /run/haproxy && cat > /etc/haproxy/bench.cfg <<'EOF'\n" + cfg + "EOF\n"
                    + "haproxy -D -f /etc/haproxy/bench.cfg -p /run/haproxy/bench.pid");
            String all = "for i in $(seq 600); do n=$(echo 'show stat' | socat stdio tcp:" + lb + ":" + ADMIN_PORT
                    + " | grep -c '^plone,h.*,UP,'); [ \"$n\" -ge " + targets.size() + " ] && exit 0; sleep 0.2; done;"
                    + " echo 'show stat' | socat stdio tcp:" + lb + ":" + ADMIN_PORT + "; exit 1";
            first.sh(all);
            return java.util.Map.of("bench_lb", lb);
        }

        private static String buildout(String dir, String zeo, int clients, String http, String settings) {
            return "rm -rf " + dir + " && sh " + SIM + "/make-buildout.sh " + dir + " --clients " + clients
                    + " --zeo-address " + zeo + " --zeo-port " + ZEO_PORT + " --http-address " + http
                    + (clients > 0 ? " --base-port " + CLIENT_PORT : "")
                    + " --owner plone_daemon --python /usr/bin/python3" + settings;
        }

        private static String asPlone(String dir, String command) {
            return "su -s /bin/sh plone_daemon -c 'cd " + dir + " && " + command + "'";
        }
    }
}
