"""Writes ansible-edits.jsonl: random lineinfile, blockinfile and replace cases with what
ansible-core 2.14's own modules make of them (their main() run in check mode and diff mode on a
temporary file, AnsibleModule replaced by a stand-in that records exit_json/fail_json). Read by
herd.engine.text.AnsibleEditCasesTest. Run: /usr/bin/python3 ansible-edits.py SEED COUNT
"""
import base64, json, os, random, sys, tempfile
sys.path.insert(0, '/usr/lib/python3/dist-packages')
import ansible.modules.lineinfile as li
import ansible.modules.blockinfile as bi
import ansible.modules.replace as rp

class Exit(Exception):
    def __init__(self, kw): self.kw = kw

def fake(params):
    class M:
        def __init__(self, argument_spec=None, **kw):
            self.params = dict((k, v.get('default')) for k, v in argument_spec.items())
            self.params.update(params)
            self.check_mode = True
            self._diff = True
            self.tmpdir = '/tmp'
        def exit_json(self, **kw): raise Exit(dict(kw, failed=False))
        def fail_json(self, **kw): raise Exit(dict(kw, failed=True))
        def warn(self, m): pass
        def boolean(self, v): return bool(v)
        def load_file_common_arguments(self, p): return {}
        def set_fs_attributes_if_different(self, *a, **k): return False
        def set_file_attributes_if_different(self, *a, **k): return False
    return M

rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
WORDS = ['a', 'b', 'ab', 'a=1', 'b=2', '#a', ' a', 'x y', '', 'key=val', 'b\r', 'é', 'A', '[x]', '{1}', '\tb', 'a.b']
PATS = ['^a', 'a$', '^b', '=', r'\d', r'^(\w+)=(\d)$', r'^#?a', 'b', r'\s', '^$', r'(?P<k>\w)=', 'zz', '^', '$', '.', r'a\Z', 'x*', r'(?m)^b$', '[ab]+', r'\bb\b', 'é',
        r'[^a]', r'(?<=a)b', r'(?!a)\w', r'a{1,2}', r'\w+$', r'(?i)A', r'^\s*#', r'[\s=]+', r'(a|b)\1', r'\Aa',
        r'.*', r'(?s).', r'[[]', r'{', r'\.', r'[.]', r'a|$', r'\{1\}', r'(?x) a # c', r'[]a]', r'^(?:a|b)$']
REPL = ['X', r'\1', r'<\g<0>>', '', r'\g<k>!', r'[\1]', 'é', r'\n', r'\\', r'$1', r'\t-\g<0>']
def content():
    n = rnd.randint(0, 5)
    s = '\n'.join(rnd.choice(WORDS) for _ in range(n))
    if n and rnd.random() < 0.7: s += '\n'
    return s

out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ansible-edits.jsonl'), 'w')
def emit(kind, params, before, result):
    enc = lambda s: base64.b64encode((s if isinstance(s, bytes) else (s or '').encode()) if s is not None else b'').decode()
    out.write(json.dumps({'kind': kind, 'params': params, 'before': before, 'result': result}) + '\n')

for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 300):
    kind = rnd.choice(['li', 'li', 'bi', 'rp'])
    c = content()
    fd, path = tempfile.mkstemp(); os.write(fd, c.encode()); os.close(fd)
    try:
        if kind == 'li':
            p = {'path': path, 'state': rnd.choice(['present', 'present', 'absent'])}
            r = rnd.random()
            if r < 0.5: p['regexp'] = rnd.choice(PATS)
            elif r < 0.7: p['search_string'] = rnd.choice(WORDS[:8])
            p['line'] = rnd.choice(WORDS[:8] + [r'\1=\2', r'\g<k>']) if rnd.random() < 0.95 else None
            if p.get('regexp') and rnd.random() < 0.3: p['backrefs'] = True
            r = rnd.random()
            if r < 0.25: p['insertafter'] = rnd.choice(PATS + ['EOF', 'BOF'])
            elif r < 0.5: p['insertbefore'] = rnd.choice(PATS + ['BOF'])
            if rnd.random() < 0.3: p['firstmatch'] = True
            mod = li
        elif kind == 'bi':
            p = {'path': path, 'state': rnd.choice(['present', 'present', 'absent']),
                 'block': rnd.choice(['X', 'X\nY', '', 'a', 'X\n'])}
            if rnd.random() < 0.3:
                m = '# {mark} M'
                p['marker'] = m
                # seed an existing block sometimes
            if rnd.random() < 0.4:
                mk = p.get('marker', '# {mark} ANSIBLE MANAGED BLOCK')
                c2 = c + mk.replace('{mark}', 'BEGIN') + '\nold\n' + mk.replace('{mark}', 'END') + '\n' + rnd.choice(['', 'tail\n'])
                c = c2
                open(path, 'w').write(c)
            r = rnd.random()
            if r < 0.3: p['insertafter'] = rnd.choice(PATS + ['EOF'])
            elif r < 0.6: p['insertbefore'] = rnd.choice(PATS + ['BOF'])
            mod = bi
        else:
            p = {'path': path, 'regexp': rnd.choice(PATS), 'replace': rnd.choice(REPL)}
            if rnd.random() < 0.2: p['after'] = rnd.choice(['a', 'b', '=', 'zz'])
            if rnd.random() < 0.2: p['before'] = rnd.choice(['a', 'b', '=', 'zz'])
            mod = rp
        mod.AnsibleModule = fake(p)
        try:
            mod.main()
            res = {'error': 'no exit'}
        except Exit as e:
            kw = e.kw
            d = kw.get('diff')
            after = None
            if isinstance(d, list): after = d[0].get('after')
            elif isinstance(d, dict): after = d.get('after')
            if isinstance(after, bytes): after = after.decode('utf-8', 'surrogateescape')
            res = {'msg': kw.get('msg'), 'changed': kw.get('changed', False), 'failed': kw['failed'], 'after': after, 'found': kw.get('found')}
        except Exception as e:
            res = {'error': type(e).__name__ + ': ' + str(e)}
        p = dict(p); p.pop('path')
        emit(kind, p, c, res)
    finally:
        os.unlink(path)
