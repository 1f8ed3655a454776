#!/bin/sh
# WANT_JSON: this module gets the path of a JSON file of its arguments.
size=$(wc -c < "$1" | tr -d ' ')
if grep -q '"color": "red"' "$1"; then
  printf '{"changed": true, "color": "red", "big": %s}\n' "$([ "$size" -gt 100 ] && echo true || echo false)"
else
  printf '{"failed": true, "msg": "no red in the arguments"}\n'
fi
