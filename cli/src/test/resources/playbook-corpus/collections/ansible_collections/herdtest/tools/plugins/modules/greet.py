#!/usr/bin/python
# A module of our own collection, herdtest.tools, for the bridge's comparison cases.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.herdtest.tools.plugins.module_utils.words import shout
from ..module_utils import words


def main():
    module = AnsibleModule(argument_spec=dict(to=dict(type='str', required=True),
                                              loud=dict(type='bool', default=False)),
                           supports_check_mode=False)
    text = 'greetings, ' + module.params['to']
    module.exit_json(changed=False, msg=shout(text) if module.params['loud'] else text,
                     same=words.shout('x') == shout('x'))


if __name__ == '__main__':
    main()
