#!/usr/bin/env bash
# Proves every playbook of the ops corpus valid for the real ansible-playbook:
# runs `ansible-playbook --syntax-check` and `--list-tasks` on each line of
# MANIFEST.tsv, from the project's own folder (so its ansible.cfg is read),
# with the project's own inventory.
#
# Playbooks whose MANIFEST line names collections (community.general for
# haproxy and supervisorctl, ...) need those installed. They are found, in
# order, in $ANSIBLE_COLLECTIONS_PATH, in Debian's `ansible` package if it is
# installed, or in a copy of that package unpacked (not installed) by
#   check-with-ansible.sh --fetch
# under ${OPS_CORPUS_COLLECTIONS:-/tmp/ops-corpus-collections}. Without them,
# those playbooks are reported as SKIP, never as passed, and only when ansible
# stops at a module it cannot resolve (anything else is a FAIL).
#
# Exit 0 when every playbook that could be checked passed, 1 otherwise.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${OPS_CORPUS_COLLECTIONS:-/tmp/ops-corpus-collections}"

if [[ "${1:-}" == "--fetch" ]]; then
  mkdir -p "$cache" && (cd "$cache" && apt-get download ansible && dpkg-deb -x ansible_*.deb root) || exit 1
fi

collections=""
if [[ -n "${ANSIBLE_COLLECTIONS_PATH:-}" ]]; then
  collections="$ANSIBLE_COLLECTIONS_PATH"
elif [[ -d /usr/lib/python3/dist-packages/ansible_collections/community/general ]]; then
  collections=/usr/lib/python3/dist-packages
elif [[ -d "$cache/root/usr/lib/python3/dist-packages/ansible_collections/community/general" ]]; then
  collections="$cache/root/usr/lib/python3/dist-packages"
fi

passed=0; failed=0; skipped=0
while IFS=$'\t' read -r project playbook inventory needs; do
  [[ -z "$project" || "$project" == \#* ]] && continue
  log="$(cd "$here/$project" && export ANSIBLE_COLLECTIONS_PATH="$collections" ANSIBLE_NOCOLOR=1 \
    && ansible-playbook --syntax-check -i "$inventory" "$playbook" 2>&1 \
    && ansible-playbook --list-tasks -i "$inventory" "$playbook" 2>&1)"
  if [[ $? -eq 0 ]]; then
    printf 'OK    %s/%s\n' "$project" "$playbook"; passed=$((passed + 1)); continue
  fi
  # Without the collection, ansible may stop at a module of it, and at nothing else.
  missing="$(grep -o "couldn't resolve module/action '[^']*'" <<<"$log" | head -1)"
  if [[ "$needs" != "-" && -z "$collections" && -n "$missing" ]]; then
    printf 'SKIP  %s/%s (needs %s: %s; run with --fetch or install Debian'"'"'s ansible)\n' \
      "$project" "$playbook" "$needs" "$missing"
    skipped=$((skipped + 1))
  else
    printf 'FAIL  %s/%s\n%s\n' "$project" "$playbook" "$log"; failed=$((failed + 1))
  fi
done < "$here/MANIFEST.tsv"
echo "ansible-playbook accepts $passed; refuses $failed; skipped $skipped"
[[ $failed -eq 0 ]]
