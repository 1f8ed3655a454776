# herd's uri module, run on the target with python3; arguments arrive as JSON on stdin.
# Prints one JSON object: failed, msg, status, url, content (when asked), json (a JSON response),
# the response headers (lower case, '-' as '_'), elapsed, redirected.
import base64, json, os, ssl, sys, time, urllib.error, urllib.parse, urllib.request

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
headers = dict(args.get("headers") or {})
body = args.get("body")
body_format = (args.get("body_format") or "raw").lower()
has_type = any(k.lower() == "content-type" for k in headers)
if body_format == "json":
    if not isinstance(body, str):
        body = json.dumps(body)
    if not has_type:
        headers["Content-Type"] = "application/json"
elif body_format == "form-urlencoded":
    if not isinstance(body, str):
        items = body.items() if isinstance(body, dict) else body
        body = urllib.parse.urlencode(list(items), doseq=True)
    if not has_type:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
elif body is not None and not isinstance(body, str):
    body = json.dumps(body)
data = body.encode("utf-8") if isinstance(body, str) else None

for key, skip in (("creates", True), ("removes", False)):
    path = args.get(key)
    if path is not None and os.path.exists(path) == skip:
        print(json.dumps({"changed": False, "stdout": "skipped, since '%s' %s" % (path, "exists" if skip
                          else "does not exist")}))
        sys.exit(0)

handlers = []
user, password = args.get("url_username"), args.get("url_password")
if user is not None:
    if args.get("force_basic_auth"):
        token = base64.b64encode(("%s:%s" % (user, password or "")).encode("utf-8")).decode("ascii")
        headers["Authorization"] = "Basic " + token
    else:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
if args.get("validate_certs") is False:
    handlers.append(urllib.request.HTTPSHandler(context=ssl._create_unverified_context()))
opener = urllib.request.build_opener(*handlers)

start = time.monotonic()
result = {"url": url, "status": -1, "failed": False, "changed": False}
content = b""
response_headers = {}
try:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with opener.open(request, timeout=timeout) as response:
        result["status"] = response.status
        result["redirected"] = response.geturl() != url
        response_headers = dict(response.headers.items())
        content = response.read()
except urllib.error.HTTPError as e:
    result["status"] = e.code
    response_headers = dict(e.headers.items()) if e.headers else {}
    try:
        content = e.read()
    except Exception:
        content = b""
except Exception as e:  # connection refused, timeout, DNS
    result["msg"] = "Status code was -1 and not %s: Request failed: %s" % (expected, e)
result["elapsed"] = round(time.monotonic() - start, 3)
for key, value in response_headers.items():
    result.setdefault(key.replace("-", "_").lower(), value)
text = content.decode("utf-8", "replace")
kind = response_headers.get("Content-Type", "").split(";")[0].strip().lower()
subtype = kind.split("/")[-1]
if subtype.split("+")[-1] == "json" or subtype in ("json", "javascript"):
    try:
        result["json"] = json.loads(text)
    except ValueError:
        pass
if return_content:
    result["content"] = text
if result["status"] not in expected:
    result["failed"] = True
    result.setdefault("msg", "Status code was %s and not %s: %s" % (result["status"], expected, text[:200]))
else:
    result["msg"] = "OK (%d bytes)" % len(content)
print(json.dumps(result))
