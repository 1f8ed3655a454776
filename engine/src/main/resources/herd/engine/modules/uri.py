# herd's uri module, run on the target with python3; arguments arrive as JSON on stdin.
# Prints one JSON object: failed, msg, status, url, content (when asked), elapsed, redirected.
import json, sys, time, urllib.error, urllib.request

# the arguments are the last line: a become password that sudo did not need may come before it
args = json.loads(sys.stdin.read().strip().split("\n")[-1])
url = args["url"]
method = (args.get("method") or "GET").upper()
expected = args.get("status_code") or [200]
if isinstance(expected, str):
    expected = [part for part in expected.replace(" ", "").split(",") if part]
elif not isinstance(expected, list):
    expected = [expected]
expected = [int(s) for s in expected]
timeout = float(args.get("timeout") or 30)
return_content = bool(args.get("return_content"))
headers = args.get("headers") or {}
body = args.get("body")
data = body.encode("utf-8") if isinstance(body, str) else None
start = time.monotonic()
result = {"url": url, "status": -1, "failed": False}
content = b""
try:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        result["status"] = response.status
        result["redirected"] = response.geturl() != url
        content = response.read()
except urllib.error.HTTPError as e:
    result["status"] = e.code
    try:
        content = e.read()
    except Exception:
        content = b""
except Exception as e:  # connection refused, timeout, DNS
    result["msg"] = "Status code was -1 and not %s: Request failed: %s" % (expected, e)
result["elapsed"] = round(time.monotonic() - start, 3)
text = content.decode("utf-8", "replace")
if return_content:
    result["content"] = text
if result["status"] not in expected:
    result["failed"] = True
    result.setdefault("msg", "Status code was %s and not %s: %s" % (result["status"], expected, text[:200]))
else:
    result["msg"] = "OK (%d bytes)" % len(content)
print(json.dumps(result))
