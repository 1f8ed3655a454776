#!/usr/bin/python
# A module of our own in the playbook's library/ folder, for the bridge's comparison cases.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True, aliases=['who']),
            greeting=dict(type='str', default='hello', choices=['hello', 'hi']),
            times=dict(type='int', default=1),
            secret=dict(type='str', no_log=True),
        ),
        supports_check_mode=True,
    )
    name = to_text(module.params['name'])
    if name == 'fail':
        module.fail_json(msg='asked to fail for ' + name, rc=3, detail='none')
    if name == 'warn':
        module.warn('a warning from herd_probe')
    words = ' '.join([module.params['greeting']] * module.params['times']) + ' ' + name
    module.exit_json(changed=name != 'same', msg=words, check=module.check_mode,
                     diff=dict(before='', after=words + '\n') if module._diff else None,
                     has_secret=module.params['secret'] is not None,
                     ansible_facts=dict(herd_probe_last=name))


if __name__ == '__main__':
    main()
