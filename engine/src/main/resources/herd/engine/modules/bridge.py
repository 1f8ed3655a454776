import base64, importlib.abc, importlib.util, json, runpy, sys, zlib

# herd's module bridge: runs an Ansible module's own code, with the module_utils it imports, from
# memory. The last line of standard input is "SOURCES ARGS": SOURCES the zlib-compressed JSON
# {"main": python name, "modules": {python name: [is_package, source]}}, ARGS the JSON of
# {"ANSIBLE_MODULE_ARGS": {...}}, both base64. With "probe" as the first argument, the module is
# not run: its AnsibleModule's argument_spec is printed instead (herd checks a task's arguments
# with it when the playbook is loaded).


class Sources(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, modules):
        self.modules = modules

    def find_spec(self, name, path=None, target=None):
        if name not in self.modules:
            return None
        package = self.modules[name][0]
        origin = "<herd>/" + name.replace(".", "/") + ("/__init__.py" if package else ".py")
        spec = importlib.util.spec_from_loader(name, self, origin=origin, is_package=package)
        spec.has_location = False
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__file__ = module.__spec__.origin
        exec(self.get_code(module.__name__), module.__dict__)

    def get_code(self, name):
        package = self.modules[name][0]
        origin = "<herd>/" + name.replace(".", "/") + ("/__init__.py" if package else ".py")
        return compile(self.modules[name][1], origin, "exec", dont_inherit=True)

    def get_source(self, name):
        return self.modules[name][1]

    def is_package(self, name):
        return self.modules[name][0]


def last_line():
    data = sys.stdin.buffer.read().rstrip(b"\n")
    return data.rsplit(b"\n", 1)[-1]


class Captured(BaseException):
    pass


def probe(main):
    from ansible.module_utils import basic
    found = {}

    def init(self, argument_spec=None, bypass_checks=False, no_log=False, mutually_exclusive=None,
             required_together=None, required_one_of=None, add_file_common_args=False, supports_check_mode=False,
             required_if=None, required_by=None, **ignored):
        spec = dict(argument_spec or {})
        if add_file_common_args:
            for name, arg in basic.FILE_COMMON_ARGUMENTS.items():
                spec.setdefault(name, arg)
        found["args"] = {name: described(arg) for name, arg in spec.items()}
        found["mutually_exclusive"] = [[str(n) for n in group] for group in (mutually_exclusive or [])
                                       if isinstance(group, (list, tuple))]
        found["supports_check_mode"] = bool(supports_check_mode)
        raise Captured()

    basic.AnsibleModule.__init__ = init
    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": {}}).encode()
    try:
        runpy.run_module(main, init_globals=dict(_module_fqn=main, _modlib_path=None), run_name="__main__")
        found = {"unknown": "the module ended without making an AnsibleModule"}
    except Captured:
        pass
    except SystemExit:
        found = {"unknown": "the module ended without making an AnsibleModule"}
    except BaseException as e:
        found = {"unknown": "%s: %s" % (type(e).__name__, e)}
    return found


def described(arg):
    arg = arg if isinstance(arg, dict) else {}
    kind = arg.get("type", "str")
    out = {"type": kind if isinstance(kind, str) else "raw", "required": bool(arg.get("required", False)),
           "aliases": [str(a) for a in arg.get("aliases") or []], "no_log": bool(arg.get("no_log", False))}
    choices = arg.get("choices")
    if isinstance(choices, (list, tuple)) and all(isinstance(c, (str, int, float)) and not isinstance(c, bool)
                                                  for c in choices):
        out["choices"] = [str(c) for c in choices]
    return out


def main():
    sources, args = last_line().split(b" ", 1)
    payload = json.loads(zlib.decompress(base64.b64decode(sources)))
    sys.meta_path.insert(0, Sources(payload["modules"]))
    main_name = payload["main"]
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        print(json.dumps(probe(main_name)))
        return
    from ansible.module_utils import basic
    basic._ANSIBLE_ARGS = base64.b64decode(args)
    runpy.run_module(main_name, init_globals=dict(_module_fqn=main_name, _modlib_path=None), run_name="__main__",
                     alter_sys=True)


main()
