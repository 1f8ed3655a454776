# herd's command session: one process per host and user that runs the run's commands one after
# another, so a step costs a fork of /bin/sh instead of a new SSH channel and a new sudo.
# It speaks on its standard streams:
#   it writes the line "herd-session 1", then skips input lines up to the line "\0herd-go" (sudo -S
#   reads its password line before that; where sudo needed none, the line lands here and is dropped);
#   then for each request: u32 length of the script, u32 length of its input, u32 timeout in ms (0:
#   none), the script, the input. The script runs as /bin/sh -c SCRIPT in a session of its own, with
#   the input on its standard input (then closed); its output comes back as frames:
#   b"O"/b"E" u32 length, bytes (stdout/stderr), then b"X" i32 exit code, u8 timed out, u8 length,
#   the name of the signal that ended it ("" when none).
# At the end of its input (the connection closed: the run ended, was interrupted, or herd died) it
# exits at once, and a command still running goes on without a reader, as under sshd.
# Only modules that start fast: a session starts on every host of a run.
import os, select, signal, struct, sys, time

IN, OUT = 0, 1


def environment():
    """The environment this program was started with, which its commands get, as each would have from
    sshd or sudo: python3 may have changed its own (LC_CTYPE, when it coerces the C locale)."""
    try:
        with open("/proc/self/environ", "rb") as f:
            env = dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)
    except OSError:
        env = dict(os.environb)
    if b"_" in env:
        env[b"_"] = b"/bin/sh"  # what the login shell would have set, exec'ing /bin/sh
    return env


ENV = environment()


def send(data):
    try:
        while data:
            data = data[os.write(OUT, data):]
    except OSError:
        os._exit(0)  # herd is gone


def exact(n):
    parts, left = [], n
    while left:
        chunk = os.read(IN, min(left, 1 << 20))
        if not chunk:
            os._exit(0)
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def line():
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(IN, 1)
        if not chunk:
            os._exit(0)
        data += chunk
    return data


def start(script, stdin, stdout, stderr):
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            os.dup2(stdin, 0)
            os.dup2(stdout, 1)
            os.dup2(stderr, 2)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            env = ENV
            if b"SUDO_COMMAND" in env:
                env = dict(env)
                env[b"SUDO_COMMAND"] = b"/bin/sh -c " + script  # as sudo would have said for the command
            os.execve(b"/bin/sh", [b"/bin/sh", b"-c", script], env)
        finally:
            os._exit(127)
    return pid


def run(script, data, timeout):
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = start(script, in_r, out_w, err_w)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    os.set_blocking(in_w, False)
    kinds = {out_r: b"O", err_r: b"E"}
    writer = in_w
    deadline = time.monotonic() + timeout / 1000.0 if timeout else None
    timed_out = False
    while kinds:
        if writer is not None and not data:
            os.close(writer)
            writer = None
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        readable, writable, _ = select.select(list(kinds) + [IN], [writer] if writer is not None else [], [], wait)
        if not readable and not writable:
            timed_out = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            break
        if writable:
            try:
                data = data[os.write(writer, data[:65536]):]
            except OSError:
                data = b""
        for fd in readable:
            if fd == IN:
                os._exit(0)  # herd is gone
            chunk = os.read(fd, 65536)
            if chunk:
                send(kinds[fd] + struct.pack(">I", len(chunk)) + chunk)
            else:
                os.close(fd)
                del kinds[fd]
    for fd in list(kinds) + ([writer] if writer is not None else []):
        os.close(fd)
    status = os.waitpid(pid, 0)[1]
    rc, name = -1, b""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name[3:].encode()
        except ValueError:
            name = str(number).encode()
    elif os.WIFEXITED(status):
        rc = os.WEXITSTATUS(status)
    send(b"X" + struct.pack(">iBB", rc, 1 if timed_out else 0, len(name)) + name)


def main():
    send(b"herd-session 1\n")
    while line() != b"\0herd-go\n":
        pass
    while True:
        length, size, timeout = struct.unpack(">III", exact(12))
        script = exact(length)
        run(script, exact(size), timeout)


main()
