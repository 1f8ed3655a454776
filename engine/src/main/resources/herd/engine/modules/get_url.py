# herd's get_url module, run on the target with python3; arguments arrive as JSON on the last line
# of stdin (url_password with them, never in an argument list). Prints one JSON object: Ansible's
# get_url result, without the file attributes (owner, group, mode), which herd sets afterwards;
# "_herd_path" names the file they are for, "_herd_exists" marks the "file already exists" answer,
# "_herd_keep_attributes" the answers after which Ansible sets no attributes (304, check mode).
import base64, datetime, hashlib, json, os, re, shutil, ssl, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request

args = json.loads(sys.stdin.read().strip().split("\n")[-1])
url = args["url"]
dest = os.path.expanduser(args["dest"])
backup = bool(args.get("backup"))
force = bool(args.get("force"))
checksum = args.get("checksum") or ""
timeout = int(args.get("timeout") or 10)
headers = dict(args.get("headers") or {})
tmp_dest = args.get("tmp_dest") or ""
check_mode = bool(args.get("_check_mode"))
result = {"changed": False, "checksum_dest": None, "checksum_src": None, "dest": dest, "elapsed": 0, "url": url}


def finish(fields):
    print(json.dumps(fields))
    sys.exit(0)


def fail(msg, **fields):
    fields.update({"failed": True, "msg": msg})
    finish(fields)


def digest(path, algorithm="sha1"):
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(65536), b""):
            h.update(block)
    return h.hexdigest()


def url_filename(u):
    name = os.path.basename(urllib.parse.urlsplit(u)[2])
    return name or "index.html"


def fetch(u, last_mod_time, method="GET"):
    """(response or None, info) as Ansible's fetch_url gives them."""
    request_headers = {"User-Agent": args.get("http_agent") or "ansible-httpget"}
    request_headers.update(headers)
    handlers = []
    user = args.get("url_username")
    password = args.get("url_password")
    if user:
        if args.get("force_basic_auth"):
            token = base64.b64encode(("%s:%s" % (user, password or "")).encode()).decode()
            request_headers["Authorization"] = "Basic " + token
        else:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, u, user, password or "")
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    if last_mod_time and not force:
        request_headers["If-Modified-Since"] = last_mod_time.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if args.get("validate_certs") is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        handlers.append(urllib.request.HTTPSHandler(context=context))
    if args.get("use_proxy") is False:
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    info = {"url": u}
    try:
        r = opener.open(urllib.request.Request(u, headers=request_headers, method=method), timeout=timeout)
        info.update({k.lower(): v for k, v in r.headers.items()})
        info.update({"msg": "OK (%s bytes)" % r.headers.get("Content-Length", "unknown"), "url": r.geturl(),
                     "status": r.status})
        return r, info
    except urllib.error.HTTPError as e:
        info.update({k.lower(): v for k, v in (e.headers or {}).items()})
        info.update({"msg": str(e), "status": e.code})
        return None, info
    except urllib.error.URLError as e:
        info.update({"msg": "Request failed: %s" % e, "status": int(getattr(e, "code", -1) or -1)})
        return None, info
    except Exception as e:  # timeouts, connection reset
        info.update({"msg": "An unknown error occurred: %s" % e, "status": -1})
        return None, info


def url_get(u, last_mod_time, method="GET"):
    start = datetime.datetime.utcnow()
    r, info = fetch(u, last_mod_time, method)
    elapsed = (datetime.datetime.utcnow() - start).seconds
    if info["status"] == 304:
        finish({"url": url, "dest": dest, "changed": False, "msg": info.get("msg", ""), "status_code": 304,
                "elapsed": elapsed, "_herd_path": dest, "_herd_keep_attributes": True})
    if info["status"] == -1:
        fail(info["msg"], url=url, dest=dest, elapsed=elapsed)
    if info["status"] != 200 and not u.startswith("file:/"):
        fail("Request failed", status_code=info["status"], response=info["msg"], url=url, dest=dest, elapsed=elapsed)
    folder = tmp_dest
    if folder:
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                fail("%s is a file but should be a directory." % folder, elapsed=elapsed)
            fail("%s directory does not exist." % folder, elapsed=elapsed)
    else:
        folder = tempfile.gettempdir()
    fd, name = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "wb") as f:
        try:
            shutil.copyfileobj(r, f)
        except Exception as e:
            os.remove(name)
            fail("failed to create temporary content file: %s" % e, elapsed=elapsed)
    r.close()
    return name, info


dest_is_dir = os.path.isdir(dest)
last_mod_time = None
algorithm = None
if checksum:
    try:
        algorithm, checksum = checksum.split(":", 1)
    except ValueError:
        fail("The checksum parameter has to be in format <algorithm>:<checksum>", **result)
    if re.match(r"^(https?|ftp|file)://", checksum):
        checksum_url = checksum
        tmp, _ = url_get(checksum_url, None)
        with open(tmp) as f:
            lines = [line.rstrip("\n") for line in f]
        os.remove(tmp)
        filename = url_filename(url)
        pairs = []
        if len(lines) == 1 and len(lines[0].split()) == 1:
            pairs.append((lines[0], filename))
        else:
            for line in lines:
                parts = line.split(" ", 1)
                if len(parts) == 2:
                    if parts[1].startswith((" ", "*")):
                        parts[1] = parts[1][1:]
                    pairs.append((parts[0], parts[1].lstrip("./")))
        checksum = next((s for (s, f) in pairs if f == filename), None)
        if checksum is None:
            fail("Unable to find a checksum for file '%s' in '%s'" % (filename, checksum_url))
    checksum = re.sub(r"\W+", "", checksum).lower()
    try:
        int(checksum, 16)
    except ValueError:
        fail("The checksum format is invalid", **result)
    if algorithm not in hashlib.algorithms_available:
        fail("Could not hash file '%s' with algorithm '%s'. Available algorithms: %s"
             % (dest, algorithm, ", ".join(sorted(hashlib.algorithms_available))), **result)

if not dest_is_dir and os.path.exists(dest):
    mismatch = False
    if not force and checksum:
        mismatch = checksum != digest(dest, algorithm)
    if not force and checksum and not mismatch:
        result.update({"msg": "file already exists", "_herd_path": dest, "_herd_exists": True})
        finish(result)
    last_mod_time = datetime.datetime.utcfromtimestamp(os.path.getmtime(dest))
    if mismatch:
        force = True

start = datetime.datetime.utcnow()
tmpsrc, info = url_get(url, last_mod_time, "HEAD" if check_mode else "GET")
result["elapsed"] = (datetime.datetime.utcnow() - start).seconds
result["src"] = tmpsrc
if dest_is_dir:
    filename = None
    disposition = info.get("content-disposition")
    if disposition:
        m = re.match('attachment; ?filename="?([^"]+)', disposition)
        if m:
            filename = os.path.basename(m.group(1))
    dest = os.path.join(dest, filename or url_filename(info["url"]))
    result["dest"] = dest
if not os.access(tmpsrc, os.R_OK):
    os.remove(tmpsrc)
    fail("Source %s is not readable" % tmpsrc, **result)
result["checksum_src"] = digest(tmpsrc)
if os.path.exists(dest):
    if not os.access(dest, os.W_OK):
        os.remove(tmpsrc)
        fail("Destination %s is not writable" % dest, **result)
    if not os.access(dest, os.R_OK):
        os.remove(tmpsrc)
        fail("Destination %s is not readable" % dest, **result)
    result["checksum_dest"] = digest(dest)
else:
    folder = os.path.dirname(dest)
    if not os.path.exists(folder):
        os.remove(tmpsrc)
        fail("Destination %s does not exist" % folder, **result)
    if not os.access(folder, os.W_OK):
        os.remove(tmpsrc)
        fail("Destination %s is not writable" % folder, **result)

if check_mode:
    if os.path.exists(tmpsrc):
        os.remove(tmpsrc)
    result["changed"] = result["checksum_dest"] is None or result["checksum_src"] != result["checksum_dest"]
    result.update({"msg": info.get("msg", ""), "_herd_path": dest, "_herd_keep_attributes": True})
    finish(result)

backup_file = None
if result["checksum_src"] != result["checksum_dest"]:
    staged = None
    try:
        if backup and os.path.exists(dest):
            backup_file = "%s.%s.%s" % (dest, os.getpid(), time.strftime("%Y-%m-%d@%H:%M:%S~", time.localtime()))
            shutil.copy2(dest, backup_file)
        # staged beside dest, so that the rename is atomic; an existing file's owner and mode are kept
        fd, staged = tempfile.mkstemp(prefix=".ansible_tmp", dir=os.path.dirname(dest) or ".")
        with os.fdopen(fd, "wb") as out, open(tmpsrc, "rb") as src:
            shutil.copyfileobj(src, out)
        if os.path.exists(dest):
            st = os.stat(dest)
            os.chmod(staged, st.st_mode & 0o7777)
            try:
                os.chown(staged, st.st_uid, st.st_gid)
            except OSError:
                pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(staged, 0o666 & ~umask)
        os.rename(staged, dest)
        os.remove(tmpsrc)
    except Exception as e:
        for leftover in (tmpsrc, staged):
            if leftover and os.path.exists(leftover):
                os.remove(leftover)
        fail("failed to copy %s to %s: %s" % (tmpsrc, dest, e), **result)
    result["changed"] = True
else:
    result["changed"] = False
    if os.path.exists(tmpsrc):
        os.remove(tmpsrc)

if checksum:
    actual = digest(dest, algorithm)
    if checksum != actual:
        os.remove(dest)
        fail("The checksum for %s did not match %s; it was %s." % (dest, checksum, actual), **result)

try:
    result["md5sum"] = digest(dest, "md5")
except ValueError:
    result["md5sum"] = None
if backup_file:
    result["backup_file"] = backup_file
result.update({"msg": info.get("msg", ""), "status_code": info.get("status", ""), "_herd_path": dest})
finish(result)
