# herd's su: becomes a user with su, which reads its password from a terminal only.
# argv: user, the command, su's flags. Standard input: the password line, then the command's own
# standard input. The command's output and errors reach ours through pipes, never the terminal,
# so they stay apart; the terminal carries only su's prompt and su's own messages.
import os, pty, select, sys, threading

user, command, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
stdin = sys.stdin.buffer
password = stdin.readline()
in_r, in_w = os.pipe()
out_r, out_w = os.pipe()
err_r, err_w = os.pipe()
for fd in (in_r, out_w, err_w):
    os.set_inheritable(fd, True)
inner = "exec 0<&%d 1>&%d 2>&%d %d<&- %d>&- %d>&-; %s" % (in_r, out_w, err_w, in_r, out_w, err_w, command)
pid, tty = pty.fork()
if pid == 0:
    os.execvp("su", ["su"] + flags + [user, "-c", inner])
for fd in (in_r, out_w, err_w):
    os.close(fd)


def feed():
    try:
        while True:
            chunk = stdin.read1(65536)
            if not chunk:
                break
            os.write(in_w, chunk)
    except OSError:
        pass
    finally:
        os.close(in_w)


threading.Thread(target=feed, daemon=True).start()
said = b""
sent = False
open_fds = {tty: None, out_r: sys.stdout.buffer, err_r: sys.stderr.buffer}
while out_r in open_fds or err_r in open_fds:
    ready, _, _ = select.select(list(open_fds), [], [])
    for fd in ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            del open_fds[fd]
            continue
        if fd == tty:
            said += chunk
            if not sent and said.rstrip().endswith((b":", b"\xef\xbc\x9a")):
                os.write(tty, password)
                sent = True
                said = b""
        else:
            open_fds[fd].write(chunk)
            open_fds[fd].flush()
status = os.waitpid(pid, 0)[1]
code = os.waitstatus_to_exitcode(status)
words = said.decode("utf-8", "replace").replace("\r", "").strip()
if code != 0 and words:
    sys.stderr.write(words + "\n")
sys.stdout.flush()
sys.stderr.flush()
# os._exit, not sys.exit: the feeding thread may still be blocked reading our standard input, and
# an interpreter shutting down around a thread that holds stdin's lock aborts (SIGABRT).
os._exit(code if code >= 0 else 128 - code)
