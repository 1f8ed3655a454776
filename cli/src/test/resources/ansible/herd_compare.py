# herd's own stdout callback for the comparison suite (AnsibleRun installs it).
#
# ansible-core ships no callback that prints JSON (the json callback lives in the ansible.posix
# collection, which a machine with only ansible-core lacks), so this one needs nothing beyond
# ansible-core. It prints one JSON document when the playbook ends, in the shape the comparison
# reads (AnsibleReport.java):
#   plays[].play.name, plays[].tasks[].task.name,
#   plays[].tasks[].hosts[host]: the module's result, plus "action", "failed"/"skipped" as the
#     event said, and "_herd_ignored" for a failure that ignore_errors let pass (or a host that
#     ignore_unreachable let go on);
#   stats[host]: Ansible's recap counts (ok, changed, failures, skipped, unreachable, ignored, rescued).
# Ansible starts a play again for every serial batch, so each batch is a play entry of its own.
# A result is filed under its own task: hosts at different tasks in one round of the linear strategy
# (a flush_handlers some hosts skipped) get one task-start callback only, for the first host's task.
from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = '''
    name: herd_compare
    type: stdout
    short_description: every task result and the recap as one JSON document, for herd's tests
    description: [Written for herd's comparison suite; needs nothing beyond ansible-core.]
'''

import json

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'herd_compare'

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.plays = []
        self.started = {}

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})
        self.started = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def _start(self, task):
        entry = {'task': {'name': task.get_name()}, 'hosts': {}}
        self.plays[-1]['tasks'].append(entry)
        self.started[task._uuid] = entry
        return entry

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _record(self, result, flags):
        entry = dict(result._result)
        entry.update(flags)
        entry['action'] = result._task.action
        task = self.started.get(result._task._uuid) or self._start(result._task)
        task['hosts'][result._host.get_name()] = entry

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result, {})

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, {'failed': True, '_herd_ignored': True} if ignore_errors else {'failed': True})

    def v2_runner_on_skipped(self, result):
        self._record(result, {'skipped': True})

    def v2_runner_on_unreachable(self, result):
        self._record(result, {'_herd_ignored': True} if result._task.ignore_unreachable else {})

    def v2_playbook_on_stats(self, stats):
        recap = dict((host, stats.summarize(host)) for host in sorted(stats.processed.keys()))
        self._display.display(json.dumps({'plays': self.plays, 'stats': recap},
                                         cls=AnsibleJSONEncoder, sort_keys=True))
