# herd's wait_for module, run on the target with python3; arguments arrive as JSON on stdin.
# Prints one JSON object: failed, msg, elapsed, state, port, host.
import json, socket, sys, time

# the arguments are the last line: a become password that sudo did not need may come before it
args = json.loads(sys.stdin.read().strip().split("\n")[-1])
host = args.get("host") or "127.0.0.1"
port = args.get("port")
path = args.get("path")
state = args.get("state") or "started"
def number(name, default):
    value = args.get(name)
    return float(default if value is None or value == "" else value)


timeout = number("timeout", 300)
delay = number("delay", 0)
sleep = number("sleep", 1)
connect_timeout = number("connect_timeout", 5)
start = time.monotonic()


def port_open():
    try:
        with socket.create_connection((host, int(port)), timeout=connect_timeout):
            return True
    except OSError:
        return False


def path_exists():
    import os
    return os.path.exists(path)


def done():
    if port is not None:
        up = port_open()
    elif path is not None:
        up = path_exists()
    else:
        return True
    return up if state in ("started", "present") else not up


time.sleep(delay)
while True:
    if done():
        print(json.dumps({"failed": False, "elapsed": round(time.monotonic() - start, 3), "state": state,
                          "port": port, "host": host, "path": path}))
        sys.exit(0)
    if time.monotonic() - start >= timeout:
        what = "%s:%s" % (host, port) if port is not None else path
        msg = args.get("msg") or "Timeout when waiting for %s to be %s" % (what, state)
        print(json.dumps({"failed": True, "msg": msg, "elapsed": round(time.monotonic() - start, 3),
                          "state": state, "port": port, "host": host, "path": path}))
        sys.exit(0)
    time.sleep(sleep)
