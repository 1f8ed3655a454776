# herd's fact gathering, run on the target with python3: one program per host. It reads what Ansible's
# setup module reads (files, /sys/class/net, a few commands run side by side) and prints it raw as one
# JSON object; herd turns that into facts (herd.engine.facts). Arguments arrive as JSON on stdin:
# "want" (the collectors to read for), "fact_path".
import glob, json, os, platform, re, socket, stat, subprocess, sys, time

args = json.loads(sys.stdin.read().strip().split("\n")[-1])
want = set(args.get("want") or [])
out = {"files": {}, "exists": {}, "cmds": {}}


def read(path):
    try:
        with open(path, errors="surrogateescape") as f:
            out["files"][path] = f.read()
    except (OSError, ValueError):
        out["files"][path] = None


def exists(*paths):
    for p in paths:
        out["exists"][p] = os.path.exists(p)


def which(name):
    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/sbin", "/usr/sbin", "/usr/local/sbin"]:
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


running = {}


def start(name, argv):
    env = dict(os.environ, LANG="C", LC_ALL="C", LC_NUMERIC="C")
    try:
        running[name] = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                         stdin=subprocess.DEVNULL)
    except OSError as e:
        out["cmds"][name] = {"rc": 127, "out": "", "err": str(e)}


if "platform" in want:
    u = platform.uname()
    out["platform"] = {"system": u.system, "release": u.release, "version": u.version, "machine": u.machine,
                       "node": u.node, "python_version": platform.python_version(),
                       "bits": platform.architecture()[0], "fqdn": socket.getfqdn()}
    read("/var/lib/dbus/machine-id")
    read("/etc/machine-id")
if "distribution" in want:
    for p in ("/etc/os-release", "/usr/lib/os-release", "/etc/lsb-release", "/etc/debian_version",
              "/etc/redhat-release", "/etc/centos-release", "/etc/alpine-release", "/etc/system-release"):
        read(p)
if "lsb" in want:
    lsb = which("lsb_release")
    if lsb:
        start("lsb_release", [lsb, "-a"])
    read("/etc/lsb-release")
if "selinux" in want:
    try:
        import ctypes
        lib = ctypes.CDLL("libselinux.so.1", use_errno=True)
        out["selinux"] = {"lib": True, "enabled": int(lib.is_selinux_enabled())}
    except (OSError, AttributeError):
        out["selinux"] = {"lib": False}
if "apparmor" in want:
    exists("/sys/kernel/security/apparmor")
if "chroot" in want:
    root = os.stat("/")
    chroot = {"env": bool(os.environ.get("debian_chroot")), "root": [root.st_ino, root.st_dev]}
    try:
        proc = os.stat("/proc/1/root/.")
        chroot["proc_root"] = [proc.st_ino, proc.st_dev]
    except OSError:
        s = which("stat")
        if s:
            start("stat_root", [s, "-f", "--format=%T", "/"])
    out["chroot"] = chroot
if "fips" in want:
    read("/proc/sys/crypto/fips_enabled")
if "python" in want:
    try:
        import ssl
        ssl.create_default_context, ssl.SSLContext
        has_ssl = True
    except (ImportError, AttributeError):
        has_ssl = False
    out["python"] = {"version_info": list(sys.version_info), "executable": sys.executable, "has_sslcontext": has_ssl,
                     "type": getattr(getattr(sys, "implementation", None), "name", None)}
if "caps" in want:
    capsh = which("capsh")
    if capsh:
        start("capsh", [capsh, "--print"])
if "pkg_mgr" in want:
    exists("/usr/bin/rpm-ostree", "/usr/bin/yum", "/usr/bin/dnf", "/usr/bin/apt-get", "/usr/bin/zypper",
           "/usr/sbin/urpmi", "/usr/bin/pacman", "/bin/opkg", "/usr/pkg/bin/pkgin", "/opt/local/bin/pkgin",
           "/opt/tools/bin/pkgin", "/opt/local/bin/port", "/usr/local/bin/brew", "/opt/homebrew/bin/brew",
           "/sbin/apk", "/usr/sbin/pkg", "/usr/sbin/swlist", "/usr/bin/emerge", "/usr/sbin/pkgadd", "/usr/bin/pkg",
           "/usr/bin/xbps-install", "/usr/local/sbin/pkg", "/usr/bin/swupd", "/usr/sbin/sorcery",
           "/usr/bin/installp", "/QOpenSys/pkgs/bin/yum", "/usr/bin/rpm", "/run/ostree-booted")
    if os.path.exists("/usr/bin/rpm") and os.path.exists("/usr/bin/apt-get"):
        start("rpm_apt", ["/usr/bin/rpm", "-q", "--whatprovides", "/usr/bin/apt-get"])
if "service_mgr" in want:
    read("/proc/1/comm")
    out["sbin_init"] = os.readlink("/sbin/init") if os.path.islink("/sbin/init") else None
    exists("/run/systemd/system/", "/dev/.run/systemd/", "/dev/.systemd/", "/etc/init/", "/sbin/openrc",
           "/etc/init.d/")
    out["which"] = {n: which(n) for n in ("systemctl", "initctl")}
if "cmdline" in want:
    read("/proc/cmdline")
if "date_time" in want:
    now = time.time()
    out["time"] = {"epoch": now, "offset": int(time.localtime(now).tm_gmtoff), "tz": time.strftime("%Z"),
                   "tz_dst": time.tzname[1], "tz_offset": time.strftime("%z")}
if "env" in want:
    out["env"] = dict(os.environ)
if "loadavg" in want:
    try:
        out["loadavg"] = list(os.getloadavg())
    except OSError:
        pass
if "ssh_pub_keys" in want:
    for d in ("/etc/ssh", "/etc/openssh", "/etc"):
        for algo in ("dsa", "rsa", "ecdsa", "ed25519"):
            read("%s/ssh_host_%s_key.pub" % (d, algo))
if "user" in want:
    import getpass, pwd
    name = getpass.getuser()
    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        pw = pwd.getpwuid(os.getuid())
    out["user"] = {"id": name, "uid": pw.pw_uid, "gid": pw.pw_gid, "gecos": pw.pw_gecos, "dir": pw.pw_dir,
                   "shell": pw.pw_shell, "real_uid": os.getuid(), "euid": os.geteuid(), "real_gid": os.getgid()}
if "virtual" in want:
    for p in ("/proc/1/cgroup", "/proc/1/environ", "/run/systemd/container", "/proc/xen/capabilities"):
        read(p)
    exists("/.dockerenv", "/.dockerinit", "/proc/vz", "/proc/lve", "/proc/bc", "/proc/xen", "/dev/kvm")
if "hardware" in want:
    for p in ("/proc/meminfo", "/proc/cpuinfo", "/proc/uptime", "/sys/hypervisor/type"):
        read(p)
    exists("/proc/xen")
    try:
        out["nproc"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    mtab = "/etc/mtab" if os.path.exists("/etc/mtab") else "/proc/mounts"
    read(mtab)
    out["mtab"] = mtab
    for name, argv in (("findmnt", ["--list", "--noheadings", "--notruncate"]),
                       ("lsblk", ["--list", "--noheadings", "--paths", "--output", "NAME,UUID", "--exclude", "2"])):
        path = which(name)
        if path:
            start(name, [path] + argv)
    sizes = {}
    for line in (out["files"].get(mtab) or "").splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        device, mount = fields[0], re.sub(r"\\[0-9]{3}", lambda m: chr(int(m.group()[1:], 8)), fields[1])
        if not device.startswith(("/", "\\")) and ":/" not in device or fields[2] == "none":
            continue
        try:
            v = os.statvfs(mount)
            sizes[mount] = [v.f_frsize, v.f_blocks, v.f_bavail, v.f_bsize, v.f_files, v.f_favail]
        except OSError:
            sizes[mount] = None
    out["statvfs"] = sizes
if "network" in want:
    ip = which("ip")
    out["ip"] = ip
    if ip:
        start("route4", [ip, "-4", "route", "get", "8.8.8.8"])
        if socket.has_ipv6:
            start("route6", [ip, "-6", "route", "get", "2404:6800:400a:800::1012"])
        start("addr_primary", [ip, "addr", "show", "primary"])
        start("addr_secondary", [ip, "addr", "show", "secondary"])
    links = []
    for path in glob.glob("/sys/class/net/*"):
        if not os.path.isdir(path):
            continue
        link = {"device": os.path.basename(path)}
        # one listing instead of a stat per file: sysfs can be slow to stat (gVisor)
        try:
            entries = set(os.listdir(path))
        except OSError:
            entries = set()

        def attr(key, *rel):
            if rel[0] not in entries:
                return
            p = os.path.join(path, *rel)
            if len(rel) == 1 or os.path.exists(p):
                try:
                    with open(p) as f:
                        link[key] = f.read()
                except OSError:
                    link[key] = None

        for name in ("address", "mtu", "operstate", "type", "speed", "flags"):
            attr(name, name)
        if "device" in entries:
            if os.path.exists(os.path.join(path, "device", "driver", "module")):
                link["module"] = os.path.basename(os.path.realpath(os.path.join(path, "device", "driver", "module")))
            if os.path.exists(os.path.join(path, "device")):
                link["pciid"] = os.path.basename(os.readlink(os.path.join(path, "device")))
        if "bridge" in entries:
            link["bridge"] = [os.path.basename(b) for b in glob.glob(os.path.join(path, "brif", "*"))]
            attr("bridge_id", "bridge", "bridge_id")
            attr("stp_state", "bridge", "stp_state")
        if "bonding" in entries:
            link["bonding"] = True
            for name in ("slaves", "mode", "miimon", "lacp_rate", "primary", "all_slaves_active"):
                attr("bonding_" + name, "bonding", name)
        if "bonding_slave" in entries:
            attr("perm_hwaddr", "bonding_slave", "perm_hwaddr")
        links.append(link)
    out["links"] = links
if "nvme" in want:
    read("/etc/nvme/hostnqn")
if "iscsi" in want:
    read("/etc/iscsi/initiatorname.iscsi")
if "fibre_channel_wwn" in want:
    ports = []
    for p in glob.glob("/sys/class/fc_host/*/port_name"):
        try:
            with open(p) as f:
                ports.append(f.read())
        except OSError:
            pass
    out["fc_ports"] = ports
if "dns" in want:
    read("/etc/resolv.conf")
if "local" in want:
    fact_path = args.get("fact_path") or ""
    local = []
    if fact_path and os.path.exists(fact_path):
        for fn in sorted(glob.glob(fact_path + "/*.fact")):
            entry = {"name": os.path.basename(fn).replace(".fact", ""), "path": fn}
            try:
                mode = os.stat(fn).st_mode
            except OSError as e:
                entry["error"] = "Could not stat fact (%s): %s" % (fn, e)
                local.append(entry)
                continue
            if mode & stat.S_IXUSR:
                entry["executable"] = True
                try:
                    p = subprocess.run([fn], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
                    entry.update(rc=p.returncode, out=p.stdout.decode(errors="surrogateescape"),
                                 err=p.stderr.decode(errors="surrogateescape"))
                except OSError as e:
                    entry["error"] = "Could not execute fact script (%s): %s" % (fn, e)
            else:
                try:
                    with open(fn) as f:
                        entry["out"] = f.read()
                except (OSError, ValueError):
                    entry["out"] = ""
            local.append(entry)
    out["local"] = local

for name, p in running.items():
    o, e = p.communicate()
    out["cmds"][name] = {"rc": p.returncode, "out": o.decode(errors="replace"), "err": e.decode(errors="replace")}
sys.stdout.write(json.dumps(out) + "\n")
