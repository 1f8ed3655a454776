#!/bin/sh
# Create a simulated Plone ZEO cluster buildout: make-buildout.sh DIR [options]
# (options: make-buildout.sh --help; documentation: README.md next to this file).
# PYTHON names the interpreter to run (default python3); the bin scripts get the
# same interpreter by its real path unless --python PATH says otherwise.
here=$(cd "$(dirname "$0")" && pwd)
exec "${PYTHON:-python3}" "$here/plonesim.py" make-buildout "$@"
