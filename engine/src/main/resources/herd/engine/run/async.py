# herd's async job runner (poll: 0): starts a script in the background, detached from the
# connection, and keeps its result where async_status reads it, as Ansible's async_wrapper does:
# ASYNC_DIR/JID holds {"started": 1, "finished": 0, ...} while it runs, then the result.
# argv: job id, time limit in seconds, the script. Standard input: the script's own input.
import datetime, json, os, signal, subprocess, sys, time

jid, limit, script = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = sys.stdin.buffer.read()
folder = os.path.expanduser(os.environ.get("ANSIBLE_ASYNC_DIR", "~/.ansible_async"))
os.makedirs(folder, mode=0o700, exist_ok=True)
path = os.path.join(folder, jid)


def write(result):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f)
    os.rename(tmp, path)


write({"started": 1, "finished": 0, "ansible_job_id": jid})
print(json.dumps({"started": 1, "finished": 0, "ansible_job_id": jid, "results_file": path, "changed": True}))
sys.stdout.flush()
if os.fork() > 0:
    os._exit(0)
os.setsid()
if os.fork() > 0:
    os._exit(0)
null = os.open(os.devnull, os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(null, fd)

stamp = "%Y-%m-%d %H:%M:%S.%f"
start = datetime.datetime.now()
child = subprocess.Popen(["/bin/sh", "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
try:
    out, err = child.communicate(data, timeout=limit)
except subprocess.TimeoutExpired:
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    write({"msg": "Timeout exceeded", "failed": True, "child_pid": child.pid, "ansible_job_id": jid})
    sys.exit(0)
end = datetime.datetime.now()
out = out.decode("utf-8", "replace").rstrip("\r\n")
err = err.decode("utf-8", "replace").rstrip("\r\n")
took = end - start
write({"changed": True, "failed": child.returncode != 0, "rc": child.returncode, "stdout": out,
       "stdout_lines": out.splitlines(), "stderr": err, "stderr_lines": err.splitlines(),
       "start": start.strftime(stamp), "end": end.strftime(stamp),
       "delta": "%d:%02d:%02d.%06d" % (took.seconds // 3600, took.seconds // 60 % 60, took.seconds % 60,
                                       took.microseconds),
       "msg": "non-zero return code" if child.returncode != 0 else ""})
