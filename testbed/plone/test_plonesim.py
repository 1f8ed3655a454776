"""Tests of the simulated Plone buildout: python3 -m unittest (in testbed/plone/).

Everything binds 127.0.0.1 on free ports and runs as the current user; no root needed.
The supervisor tests need /usr/bin/supervisord (Debian package `supervisor`) and are
skipped without it.
"""

import configparser
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_BUILDOUT = os.path.join(HERE, "make-buildout.sh")
SUPERVISORD = shutil.which("supervisord") or "/usr/bin/supervisord"
SUPERVISORCTL = shutil.which("supervisorctl") or "/usr/bin/supervisorctl"

_used_ports = set()


def free_ports(n):
    """n distinct free TCP ports on 127.0.0.1 (held together while chosen)."""
    socks, ports = [], []
    while len(ports) < n:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        port = s.getsockname()[1]
        if port not in _used_ports:
            _used_ports.add(port)
            ports.append(port)
    for s in socks:
        s.close()
    return ports


def make_buildout(args):
    """make-buildout.sh ARGS; the buildout's scripts use the interpreter running the tests."""
    return subprocess.run(args, capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, PYTHON=sys.executable))


def http_get(port, path="/", timeout=15):
    """(status, body, seconds) of one GET to 127.0.0.1:port."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode(), time.monotonic() - started
    finally:
        conn.close()


def can_connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def wait_until(condition, timeout=10, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    return condition()


def started_pid(output):
    m = re.search(r"daemon process (?:started|restarted), pid=(\d+)", output)
    return int(m.group(1)) if m else None


class Buildout:
    """A buildout in a temp dir, with its ports; stops whatever it started on cleanup."""

    def __init__(self, test, clients=1, sets=(), extra=()):
        self.test = test
        self.tmp = tempfile.mkdtemp(prefix="plonesim-")
        test.addCleanup(shutil.rmtree, self.tmp, True)
        self.dir = os.path.join(self.tmp, "bo")
        ports = free_ports(clients + 1)
        self.zeo_port = ports[0]
        self.ports = {"client%d" % k: ports[k] for k in range(1, clients + 1)}
        # The clients' ports are not consecutive; --base-port is tested on its own.
        args = [MAKE_BUILDOUT, self.dir, "--clients", str(clients),
                "--zeo-port", str(self.zeo_port)]
        for name, port in self.ports.items():
            args += ["--set", "%s.http-port=%d" % (name, port)]
        for item in sets:
            args += ["--set", item]
        args += list(extra)
        done = make_buildout(args)
        test.assertEqual(done.returncode, 0, done.stderr)
        self.names = ["zeoserver"] + list(self.ports)
        test.addCleanup(self.kill_all)

    def run(self, name, *args, timeout=60):
        """bin/NAME ARGS with stdout/stderr pipes: a daemon keeping them open would hang this."""
        return subprocess.run([os.path.join(self.dir, "bin", name)] + list(args),
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def pid_file(self, name):
        return os.path.join(self.dir, "var", name + ".pid")

    def pid(self, name):
        try:
            with open(self.pid_file(name)) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def control(self, name):
        """The daemon's answer on its control socket var/NAME.zdsock, as a dict."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect(os.path.join(self.dir, "var", name + ".zdsock"))
            s.sendall(b"status\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            return {}
        finally:
            s.close()
        return dict(line.split("=", 1) for line in data.decode().splitlines() if "=" in line)

    def logged(self, name, text):
        try:
            with open(os.path.join(self.dir, "var", "log", name + ".log")) as f:
                return text in f.read()
        except OSError:
            return False

    def set(self, section, key, value):
        path = os.path.join(self.dir, "etc", "cluster.cfg")
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path)
        parser.set(section, key, value)
        with open(path, "w") as f:
            parser.write(f)

    def kill_all(self):
        for name in self.names:
            pid = self.pid(name)
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


class MakeBuildoutTest(unittest.TestCase):

    def test_layout_and_ports(self):
        tmp = tempfile.mkdtemp(prefix="plonesim-")
        self.addCleanup(shutil.rmtree, tmp, True)
        bo = os.path.join(tmp, "bo")
        done = make_buildout([MAKE_BUILDOUT, bo, "--clients", "3", "--base-port", "9100",
                              "--zeo-port", "9099", "--set", "client2.fail-start=true",
                              "--set", "clients.startup-seconds=0.5"])
        self.assertEqual(done.returncode, 0, done.stderr)
        for name in ("zeoserver", "client1", "client2", "client3", "plonectl"):
            self.assertTrue(os.access(os.path.join(bo, "bin", name), os.X_OK), name)
        self.assertTrue(os.path.isfile(os.path.join(bo, "parts", "plonesim", "plonesim.py")))
        self.assertTrue(os.path.isdir(os.path.join(bo, "var", "log")))
        cfg = configparser.ConfigParser(interpolation=None)
        cfg.read(os.path.join(bo, "etc", "cluster.cfg"))
        self.assertEqual(cfg["zeoserver"]["zeo-port"], "9099")
        self.assertEqual([cfg["client%d" % k]["http-port"] for k in (1, 2, 3)],
                         ["9100", "9101", "9102"])
        self.assertEqual(cfg["client2"]["fail-start"], "true")
        self.assertEqual(cfg["client1"]["fail-start"], "false")
        self.assertEqual(cfg["client3"]["startup-seconds"], "0.5")
        self.assertEqual(cfg["plonectl"]["clients"], "client1 client2 client3")
        # Again with fewer clients: the scripts of the others go.
        done = make_buildout([MAKE_BUILDOUT, bo, "--clients", "1"])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertFalse(os.path.exists(os.path.join(bo, "bin", "client3")))

    def test_bad_options(self):
        tmp = tempfile.mkdtemp(prefix="plonesim-")
        self.addCleanup(shutil.rmtree, tmp, True)
        cases = [
            (["--set", "client1.fail-strat=true"], "did you mean 'fail-start'"),
            (["--set", "client1.startup-seconds=soon"], "startup-seconds = 'soon'"),
            (["--set", "client9.fail-start=true"], "no section [client9]"),
            (["--set", "client1.http-fast-listen=maybe"], "use on/off"),
            (["--set", "nonsense"], "expected SECTION.KEY=VALUE"),
        ]
        for extra, message in cases:
            done = make_buildout([MAKE_BUILDOUT, os.path.join(tmp, "bo")] + extra)
            self.assertEqual(done.returncode, 2, extra)
            self.assertIn(message, done.stderr, extra)

    def test_bad_config_edit_is_reported_at_start(self):
        bo = Buildout(self)
        bo.set("client1", "cold-secnds", "1")
        done = bo.run("client1", "start")
        self.assertEqual(done.returncode, 2)
        self.assertIn("did you mean 'cold-seconds'", done.stderr)


class DaemonTest(unittest.TestCase):

    def test_start_status_page_stop(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0.3", "client1.cold-requests=0",
                                  "client1.stop-seconds=0"])
        done = bo.run("zeoserver", "status")
        self.assertEqual((done.returncode, done.stdout), (3, "daemon manager not running\n"))

        done = bo.run("zeoserver", "start")
        self.assertEqual(done.returncode, 0, done.stderr)
        zeo_pid = started_pid(done.stdout)
        self.assertEqual(bo.pid("zeoserver"), zeo_pid)
        done = bo.run("zeoserver", "status")
        self.assertEqual((done.returncode, done.stdout), (0, "program running; pid=%d\n" % zeo_pid))
        done = bo.run("zeoserver", "start")
        self.assertEqual((done.returncode, done.stdout),
                         (0, "daemon process already running; pid=%d\n" % zeo_pid))
        self.assertTrue(wait_until(lambda: can_connect(bo.zeo_port)))

        started = time.monotonic()
        done = bo.run("client1", "start")
        self.assertLess(time.monotonic() - started, 5, "start waits for the daemon only")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("daemon process started, pid=", done.stdout)
        pid = started_pid(done.stdout)
        self.assertEqual(bo.pid("client1"), pid)
        self.assertTrue(os.path.isfile(os.path.join(bo.dir, "var", "log", "client1.log")))

        for path in ("/", "/Plone/front-page", "/a/b?c=d"):
            status, body, _ = http_get(bo.ports["client1"], path)
            self.assertEqual(status, 200, body)
            self.assertIn("client1 pid %d" % pid, body)

        done = bo.run("client1", "stop")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.endswith("daemon process stopped\n"), done.stdout)
        self.assertIsNone(bo.pid("client1"))
        self.assertFalse(can_connect(bo.ports["client1"]))
        done = bo.run("client1", "status")
        self.assertEqual((done.returncode, done.stdout), (3, "daemon manager not running\n"))
        done = bo.run("client1", "stop")
        self.assertEqual((done.returncode, done.stdout), (0, "daemon manager not running\n"))

        done = bo.run("zeoserver", "stop")
        self.assertEqual(done.returncode, 0)
        self.assertIsNone(bo.pid("zeoserver"))
        self.assertFalse(can_connect(bo.zeo_port))

    def test_start_leaves_no_inherited_descriptor_open(self):
        bo = Buildout(self, sets=["client1.startup-seconds=5"])
        proc = subprocess.Popen([os.path.join(bo.dir, "bin", "client1"), "start"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        out, _ = proc.communicate(timeout=10)  # EOF on both pipes: nobody else holds them
        self.assertEqual(proc.returncode, 0)
        pid = started_pid(out.decode())
        self.assertTrue(pid and process_alive(pid))
        if os.path.isdir("/proc/%d/fd" % pid):
            targets = [os.readlink("/proc/%d/fd/%s" % (pid, fd))
                       for fd in os.listdir("/proc/%d/fd" % pid)]
            self.assertFalse([t for t in targets if t.startswith("pipe:")], targets)

    def test_503_while_zeoserver_is_down(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.cold-requests=0"])
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        status, body, _ = http_get(bo.ports["client1"])
        self.assertEqual(status, 503, "no zeoserver yet")
        self.assertIn("cannot reach the ZEO server", body)

        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertTrue(wait_until(lambda: http_get(bo.ports["client1"])[0] == 200, 5))

        self.assertEqual(bo.run("zeoserver", "stop").returncode, 0)
        status, body, _ = http_get(bo.ports["client1"])
        self.assertEqual(status, 503, body)

        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertTrue(wait_until(lambda: http_get(bo.ports["client1"])[0] == 200, 5))

    def test_fast_listen_on_and_off(self):
        bo = Buildout(self, clients=2, sets=["clients.startup-seconds=1.5",
                                             "clients.cold-requests=0",
                                             "client2.http-fast-listen=off"])
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        t1 = time.monotonic()
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        t2 = time.monotonic()
        self.assertEqual(bo.run("client2", "start").returncode, 0)

        self.assertTrue(can_connect(bo.ports["client1"]), "fast listen: the port opens at once")
        self.assertFalse(can_connect(bo.ports["client2"]), "no fast listen: refused until ready")
        status, body, _ = http_get(bo.ports["client1"])  # waits until client1 is ready
        self.assertEqual(status, 200, body)
        self.assertGreaterEqual(time.monotonic() - t1, 1.5 * 0.8)

        self.assertTrue(wait_until(lambda: can_connect(bo.ports["client2"]), 10))
        self.assertGreaterEqual(time.monotonic() - t2, 1.5 * 0.8)
        self.assertEqual(http_get(bo.ports["client2"])[0], 200)

    def test_zeo_wait_holds_startup_until_the_zeoserver_answers(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.zeo-wait=on",
                                  "client1.http-fast-listen=off"])
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        time.sleep(0.5)
        self.assertFalse(can_connect(bo.ports["client1"]), "not ready without a zeoserver")
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertTrue(wait_until(lambda: can_connect(bo.ports["client1"]), 5))
        self.assertEqual(http_get(bo.ports["client1"])[0], 200)

    def test_cold_requests_are_slow(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.cold-requests=2",
                                  "client1.cold-seconds=1.2"])
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        self.assertTrue(wait_until(lambda: bo.logged("client1", "connected to ZEO"), 10))
        results = [http_get(bo.ports["client1"]) for _ in range(4)]
        self.assertEqual([r[0] for r in results], [200] * 4)
        times = [r[2] for r in results]
        self.assertGreaterEqual(times[0], 1.2 * 0.8, times)
        self.assertGreaterEqual(times[1], 1.2 * 0.8, times)
        self.assertLess(times[2], 0.6, times)
        self.assertLess(times[3], 0.6, times)

    def test_fail_start(self):
        bo = Buildout(self, sets=["client1.fail-start=true"])
        done = bo.run("client1", "start")
        self.assertEqual(done.returncode, 1)
        self.assertIn("fail-start = true", done.stderr)
        self.assertIn("daemon manager not running", done.stdout)
        self.assertIsNone(bo.pid("client1"))
        self.assertEqual(bo.run("client1", "status").returncode, 3)
        for command in ("console", "fg"):
            done = bo.run("client1", command, timeout=20)
            self.assertEqual(done.returncode, 1, command)
            self.assertIn("fail-start = true", done.stdout + done.stderr)

        bo.set("zeoserver", "fail-start", "true")
        done = bo.run("zeoserver", "start")
        self.assertEqual(done.returncode, 1)
        self.assertIn("fail-start = true", done.stderr)
        self.assertEqual(bo.run("zeoserver", "fg", timeout=20).returncode, 1)

    def test_port_in_use_fails_start(self):
        bo = Buildout(self)
        blocker = socket.socket()
        blocker.bind(("127.0.0.1", bo.ports["client1"]))
        blocker.listen(1)
        self.addCleanup(blocker.close)
        done = bo.run("client1", "start")
        self.assertEqual(done.returncode, 1)
        self.assertIn("cannot listen on 127.0.0.1:%d" % bo.ports["client1"], done.stderr)

    def test_answer_500(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.answer-500=true"])
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        status, body, _ = http_get(bo.ports["client1"], "/any/page")
        self.assertEqual(status, 500)
        self.assertIn("client1 pid %d" % bo.pid("client1"), body)

    def test_graceful_stop(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.cold-requests=1",
                                  "client1.cold-seconds=1", "client1.stop-seconds=1.5"])
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        self.assertEqual(bo.run("client1", "start").returncode, 0)
        self.assertTrue(wait_until(lambda: bo.run("client1", "status").returncode == 0))
        self.assertTrue(wait_until(lambda: bo.logged("client1", "connected to ZEO"), 10))
        pid = bo.pid("client1")

        result = {}
        slow = threading.Thread(target=lambda: result.update(r=http_get(bo.ports["client1"])))
        slow.start()
        self.assertTrue(wait_until(lambda: bo.control("client1").get("inflight") == "1", 5),
                        "the cold request is in flight")
        started = time.monotonic()
        stopper = subprocess.Popen([os.path.join(bo.dir, "bin", "client1"), "stop"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertTrue(wait_until(lambda: not can_connect(bo.ports["client1"]), 10),
                        "stopping: no new connections")
        done = bo.run("client1", "status")
        self.assertEqual(done.stdout, "program running; pid=%d\n" % pid, "still stopping")
        out, err = stopper.communicate(timeout=40)
        elapsed = time.monotonic() - started
        slow.join(10)
        self.assertEqual(stopper.returncode, 0, err)
        self.assertIn("daemon process stopped", out)
        self.assertEqual(result["r"][0], 200, "the in-flight request was finished")
        self.assertGreaterEqual(elapsed, 1.5)
        self.assertFalse(process_alive(pid))
        self.assertIsNone(bo.pid("client1"))

    def test_restart_reads_the_edited_config(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.cold-requests=0",
                                  "client1.stop-seconds=0"])
        self.assertEqual(bo.run("zeoserver", "start").returncode, 0)
        done = bo.run("client1", "restart")  # not running: starts
        self.assertEqual(done.returncode, 0)
        first = started_pid(done.stdout)
        self.assertTrue(wait_until(lambda: http_get(bo.ports["client1"])[0] == 200, 5))

        bo.set("client1", "answer-500", "true")
        done = bo.run("client1", "restart")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("daemon process restarted, pid=", done.stdout)
        second = started_pid(done.stdout)
        self.assertNotEqual(first, second)
        self.assertEqual(bo.pid("client1"), second)
        status, body, _ = http_get(bo.ports["client1"])
        self.assertEqual(status, 500)
        self.assertIn("client1 pid %d" % second, body)

    def test_stale_pid_file(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0"])
        with open(bo.pid_file("client1"), "w") as f:
            f.write("999999\n")
        self.assertEqual(bo.run("client1", "status").returncode, 3)
        done = bo.run("client1", "start")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(bo.pid("client1"), started_pid(done.stdout))

    def test_unknown_commands_like_zdaemon(self):
        bo = Buildout(self)
        done = bo.run("zeoserver", "console")  # the real zeoserver has no console
        self.assertEqual((done.returncode, done.stdout), (0, "*** Unknown syntax: console\n"))
        done = bo.run("client1", "frobnicate")
        self.assertEqual((done.returncode, done.stdout), (0, "*** Unknown syntax: frobnicate\n"))
        done = bo.run("client1")
        self.assertEqual(done.returncode, 2)

    def test_status_exit_code_of_the_real_client_scripts(self):
        bo = Buildout(self, sets=["client1.status-not-running-exit=0"])
        done = bo.run("client1", "status")
        self.assertEqual((done.returncode, done.stdout), (0, "daemon manager not running\n"))


class ForegroundTest(unittest.TestCase):

    def test_console_logs_to_stdout_and_stops_gracefully(self):
        bo = Buildout(self, sets=["client1.startup-seconds=0", "client1.stop-seconds=1"])
        proc = subprocess.Popen([os.path.join(bo.dir, "bin", "client1"), "console"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        self.assertTrue(wait_until(lambda: can_connect(bo.ports["client1"]), 10))
        self.assertEqual(bo.pid("client1"), proc.pid, "the wrapper execs python: one process")
        done = bo.run("client1", "status")  # no daemon manager, as with the real scripts
        self.assertEqual((done.returncode, done.stdout), (3, "daemon manager not running\n"))
        done = bo.run("client1", "start")
        self.assertEqual(done.returncode, 1)
        self.assertIn("already runs in the foreground", done.stderr)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
        self.assertEqual(proc.returncode, 0)
        self.assertGreaterEqual(time.monotonic() - started, 1.0)
        self.assertIn("Zope Ready to handle requests", out)
        self.assertIn("shutdown complete", out)
        self.assertIsNone(bo.pid("client1"))


class PlonectlTest(unittest.TestCase):

    def test_order_and_exit_codes(self):
        bo = Buildout(self, clients=2, sets=["clients.startup-seconds=0.2",
                                             "clients.stop-seconds=0.2"])
        done = bo.run("plonectl", "start")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual([line.split(":")[0] for line in lines],
                         ["zeoserver", "client1", "client2"])
        for line in lines:
            self.assertRegex(line, r"^\w+: \. daemon process started, pid=\d+$")
        for name in ("client1", "client2"):  # the zeoserver listened before they started
            with open(os.path.join(bo.dir, "var", "log", name + ".log")) as f:
                self.assertNotIn("cannot reach ZEO server", f.read())

        done = bo.run("plonectl", "status")
        self.assertEqual(done.returncode, 0)
        self.assertEqual([line.split(":")[0] for line in done.stdout.splitlines()],
                         ["zeoserver", "client1", "client2"])
        self.assertEqual(bo.run("plonectl", "stop", "client2").returncode, 0)
        done = bo.run("plonectl", "status")
        self.assertEqual(done.returncode, 3)
        self.assertIn("client2: daemon manager not running", done.stdout)

        done = bo.run("plonectl", "stop")
        self.assertEqual(done.returncode, 0)
        self.assertEqual([line.split(":")[0] for line in done.stdout.splitlines()],
                         ["client2", "client1", "zeoserver"])
        self.assertEqual(bo.run("plonectl", "status").returncode, 3)

        bo.set("client2", "fail-start", "true")
        done = bo.run("plonectl", "start")
        self.assertEqual(done.returncode, 1)
        self.assertIn("client2: start failed", done.stderr)
        self.assertEqual(bo.run("plonectl", "stop").returncode, 0)


@unittest.skipUnless(os.access(SUPERVISORD, os.X_OK), "supervisord is not installed")
class SupervisorTest(unittest.TestCase):

    def ctl(self, *args, timeout=60):
        return subprocess.run([SUPERVISORCTL, "-c", self.conf] + list(args),
                              capture_output=True, text=True, timeout=timeout)

    def state(self, program):
        out = self.ctl("status", program).stdout.split()
        return out[1] if len(out) > 1 else out

    def test_programs_under_supervisord(self):
        tmp = tempfile.mkdtemp(prefix="plonesim-sv-")
        self.addCleanup(shutil.rmtree, tmp, True)
        programs = os.path.join(tmp, "programs.conf")
        self.conf = os.path.join(tmp, "supervisord.conf")
        bo = Buildout(self, clients=2, sets=["clients.startup-seconds=0.2",
                                             "clients.stop-seconds=1",
                                             "client2.fail-start=true"],
                      extra=["--supervisor", programs, "--supervisord-conf", self.conf,
                             "--supervisor-run-dir", os.path.join(tmp, "run"),
                             "--supervisor-set", "startretries=0"])
        with open(programs) as f:
            text = f.read()
        self.assertIn("[program:plone_zeoserver]\ncommand=%s/bin/zeoserver fg\n" % bo.dir, text)
        self.assertIn("[program:plone_client1]\ncommand=%s/bin/client1 console\n" % bo.dir, text)
        self.assertIn("stopwaitsecs=60\n", text)

        daemon = subprocess.Popen([SUPERVISORD, "-n", "-c", self.conf],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def shut_down():
            if daemon.poll() is None:
                self.ctl("shutdown", timeout=60)
                try:
                    daemon.wait(30)
                except subprocess.TimeoutExpired:
                    daemon.kill()
        self.addCleanup(shut_down)
        self.assertTrue(wait_until(lambda: self.ctl("status").returncode in (0, 3), 15),
                        "supervisord did not come up")
        self.assertEqual(self.state("plone_client1"), "STOPPED", "autostart=false")

        done = self.ctl("start", "plone_zeoserver", "plone_client1")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(self.state("plone_zeoserver"), "RUNNING")
        self.assertEqual(self.state("plone_client1"), "RUNNING")
        sv_pid = int(self.ctl("pid", "plone_client1").stdout.strip())
        self.assertTrue(wait_until(lambda: http_get(bo.ports["client1"])[0] == 200, 10))
        status, body, _ = http_get(bo.ports["client1"])
        self.assertIn("client1 pid %d" % sv_pid, body)
        self.assertEqual(bo.pid("client1"), sv_pid)

        started = time.monotonic()
        done = self.ctl("stop", "plone_client1")
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertGreaterEqual(time.monotonic() - started, 1.0, "graceful stop takes stop-seconds")
        self.assertEqual(self.state("plone_client1"), "STOPPED")
        self.assertIsNone(bo.pid("client1"))

        done = self.ctl("start", "plone_client2")
        self.assertIn("ERROR", done.stdout)
        # Exiting within startsecs gives FATAL; supervisord may notice the exit only
        # after startsecs and then says EXITED (as it does for a real client that fails late).
        self.assertIn(self.state("plone_client2"), ("FATAL", "EXITED"))
        with open(os.path.join(bo.dir, "var", "log", "client2-supervisor.log")) as f:
            self.assertIn("fail-start = true", f.read())

        self.ctl("stop", "plone_zeoserver")
        self.assertEqual(self.state("plone_zeoserver"), "STOPPED")
        self.assertFalse(can_connect(bo.zeo_port))


if __name__ == "__main__":
    unittest.main()
