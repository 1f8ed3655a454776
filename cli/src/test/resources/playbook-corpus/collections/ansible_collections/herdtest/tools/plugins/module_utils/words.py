# Support code of the herdtest.tools collection, imported by its modules.
from __future__ import absolute_import, division, print_function
__metaclass__ = type


def shout(text):
    return text.upper() + '!'
