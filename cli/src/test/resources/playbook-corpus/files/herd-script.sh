#!/bin/sh
# A script for the script module's comparison case: shows its arguments, folder and user.
echo "args: $*"
echo "in: $(pwd)"
echo "as: $(id -un)"
echo "$1" > /tmp/compare/script-ran
