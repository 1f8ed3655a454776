# herd's haproxy module (community.general.haproxy's arguments), run on the load balancer host
# with python3; arguments arrive as JSON on stdin. It talks to HAProxy's runtime API socket.
# Prints one JSON object: changed, failed, msg, backend, host, status_before, status, sessions.
# With state "info" (herd's haproxy_info) it lists every server of the backend(s).
import json, socket, sys, time

# the arguments are the last line: a become password that sudo did not need may come before it
args = json.loads(sys.stdin.read().strip().split("\n")[-1])
sock_path = args.get("socket") or "/var/run/haproxy.sock"
state = args.get("state") or "info"
host = args.get("host")
backend = args.get("backend")
wait = bool(args.get("wait"))
interval = float(args.get("wait_interval") or 5)
retries = int(args.get("wait_retries") or 25)
drain = bool(args.get("drain"))
shutdown_sessions = bool(args.get("shutdown_sessions"))


def api(command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(sock_path)
    s.sendall((command + "\n").encode())
    chunks = []
    while True:
        data = s.recv(65536)
        if not data:
            break
        chunks.append(data)
    s.close()
    return b"".join(chunks).decode("utf-8", "replace")


def stats():
    """Every server row of 'show stat': backend, name, status, scur (current sessions), weight."""
    text = api("show stat")
    lines = [l for l in text.splitlines() if l.strip()]
    header = lines[0].lstrip("# ").split(",")
    col = {name: i for i, name in enumerate(header)}
    rows = []
    for line in lines[1:]:
        f = line.split(",")
        if f[col["svname"]] in ("FRONTEND", "BACKEND"):
            continue
        rows.append({"backend": f[col["pxname"]], "name": f[col["svname"]], "status": f[col["status"]],
                     "sessions": int(f[col["scur"]] or 0), "weight": f[col["weight"]]})
    return rows


def done(result):
    print(json.dumps(result))
    sys.exit(0)


try:
    rows = stats()
except OSError as e:
    done({"failed": True, "changed": False, "msg": "cannot reach the HAProxy runtime API at %s: %s" % (sock_path, e)})

if state == "info":
    chosen = [r for r in rows if backend is None or r["backend"] == backend]
    done({"failed": False, "changed": False, "servers": chosen,
          "msg": ", ".join("%s/%s %s" % (r["backend"], r["name"], r["status"]) for r in chosen)})

mine = [r for r in rows if r["name"] == host and (backend is None or r["backend"] == backend)]
if not mine:
    done({"failed": True, "changed": False,
          "msg": "server %s not found in %s" % (host, "backend " + backend if backend else "any backend")})


def current(b):
    for r in stats():
        if r["backend"] == b and r["name"] == host:
            return r
    return {"status": "gone", "sessions": 0}


def wait_until(b, ok, what):
    for _ in range(retries):
        r = current(b)
        if ok(r):
            return r, True
        time.sleep(interval)
    r = current(b)
    return r, ok(r)


results = []
failed = False
messages = []
start = time.monotonic()
for row in mine:
    b = row["backend"]
    before = row["status"]
    target = "%s/%s" % (b, host)
    if state == "enabled":
        api("set server %s state ready" % target)
        after, ok = (wait_until(b, lambda r: r["status"] == "UP", "UP") if wait else (current(b), True))
        if not ok:
            failed = True
            messages.append("%s is %s, not UP, after %d checks %.0f s apart" % (target, after["status"], retries, interval))
    elif state in ("disabled", "drain"):
        if drain or state == "drain":
            api("set server %s state drain" % target)
        if state == "disabled" and not (drain and wait):
            api("set server %s state maint" % target)
        if shutdown_sessions and state == "disabled":
            api("shutdown sessions server %s" % target)
        if wait:
            after, ok = wait_until(b, lambda r: r["sessions"] == 0, "0 sessions")
            if not ok:
                failed = True
                messages.append("%s still has %d sessions after %d checks %.0f s apart"
                                % (target, after["sessions"], retries, interval))
            if state == "disabled" and drain:
                api("set server %s state maint" % target)
        after = current(b)
    else:
        done({"failed": True, "changed": False, "msg": "state must be enabled, disabled or drain, not %r" % state})
    results.append({"backend": b, "status_before": before, "status": after["status"], "sessions": after["sessions"]})
    messages.append("%s %s -> %s" % (target, before, after["status"]))

changed = any(r["status_before"] != r["status"] for r in results)
done({"failed": failed, "changed": changed, "msg": "; ".join(messages), "host": host, "servers": results,
      "backend": results[0]["backend"] if results else backend, "status": results[0]["status"] if results else None,
      "status_before": results[0]["status_before"] if results else None,
      "sessions": results[0]["sessions"] if results else None, "elapsed": round(time.monotonic() - start, 3)})
