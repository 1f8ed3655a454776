#!/bin/sh
# An old-style module in shell: its arguments come as key=value words in the file named by $1.
. "$1"
count=$(printf '%s' "$text" | wc -w | tr -d ' ')
printf '{"changed": false, "words": %s, "text": "%s", "check": "%s"}\n' "$count" "$text" "$_ansible_check_mode"
