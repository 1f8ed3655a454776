#!/usr/bin/env bash
# Build the herd test-host image (herd-testhost:latest) without any container
# registry: debootstrap a minimal Debian bookworm from the mirror the host's
# apt uses, add the files under testbed/rootfs/, and `docker import` it.
#
# Idempotent: the image carries a label with a hash of the build inputs
# (this script + testbed/rootfs/**); when an image with that hash exists the
# build is skipped. Nothing is cached in the repository; the work directory
# lives under /var/tmp and is removed afterwards.
#
# Environment overrides:
#   HERD_DEBIAN_MIRROR   Debian mirror URL (default: taken from the host's apt sources)
#   HERD_IMAGE           image name (default: herd-testhost:latest)
#   HERD_FORCE_BUILD=1   rebuild even when the image is up to date
set -euo pipefail

START=$SECONDS
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IMAGE="${HERD_IMAGE:-herd-testhost:latest}"
SUITE=bookworm
HASH_LABEL=herd.testbed.hash
PACKAGES=(
  openssh-server openssh-client sudo python3 procps iproute2 curl haproxy
  supervisor socat netcat-openbsd ca-certificates passwd cron
)

log() { echo "build-image: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot need it)"

bash "$HERE/ensure-docker.sh"

if ! command -v debootstrap >/dev/null 2>&1; then
  log "debootstrap not found; installing it from apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap debian-archive-keyring
fi

# ---- hash of the build inputs ------------------------------------------------
input_hash() {
  (
    cd "$HERE"
    find build-image.sh rootfs -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  ) | sha256sum | cut -c1-16
}
HASH="$(input_hash)"

# One build at a time on this machine.
exec 9>/tmp/herd-build-image.lock
flock 9

current_hash() {
  docker image inspect "$IMAGE" --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" 2>/dev/null || true
}
if [ "${HERD_FORCE_BUILD:-0}" != 1 ] && [ "$(current_hash)" = "$HASH" ]; then
  log "$IMAGE is up to date (inputs hash $HASH); nothing to do ($((SECONDS - START)) s)"
  exit 0
fi
OLD_ID="$(docker image inspect "$IMAGE" --format '{{.Id}}' 2>/dev/null || true)"

# ---- mirror: the one the host's apt uses for bookworm ------------------------
detect_mirror() {
  local f uri
  if [ -n "${HERD_DEBIAN_MIRROR:-}" ]; then echo "$HERD_DEBIAN_MIRROR"; return; fi
  # deb822 style (*.sources): the first enabled "deb" paragraph whose Suites has bookworm
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk -v suite="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          split(line, kv, ":")
          key = tolower(kv[1]); val = substr(line, index(line, ":") + 1)
          gsub(/^[ \t]+|[ \t]+$/, "", val)
          if (key == "types") types = val
          else if (key == "uris") uris = val
          else if (key == "suites") suites = val
          else if (key == "enabled") enabled = tolower(val)
        }
        if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ")) {
          split(uris, u, /[ \t]+/); print u[1]; exit
        }
      }' "$f")"
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  # one-line style: deb [options] URI suite components...
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri="$(sed -e 's/\[[^]]*\]//' "$f" | awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2; exit }')"
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  echo "http://deb.debian.org/debian"
}
MIRROR="$(detect_mirror)"

# ---- work directory and cleanup ----------------------------------------------
WORK="$(mktemp -d /var/tmp/herd-testhost-build.XXXXXX)"
ROOT="$WORK/rootfs"
cleanup() {
  local m
  # Unmount anything still mounted below the work dir (deepest first) before removing it.
  for m in $(awk -v w="$WORK" 'index($2, w "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if awk -v w="$WORK" 'index($2, w "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    log "WARNING: mounts remain below $WORK; not removing it"
  else
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT

log "building $IMAGE (inputs hash $HASH) from $MIRROR $SUITE in $WORK"
INCLUDE="$(IFS=,; echo "${PACKAGES[*]}")"
if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$ROOT" "$MIRROR" \
      >"$WORK/debootstrap.out" 2>&1; then
  tail -n 40 "$WORK/debootstrap.out" >&2
  [ -f "$ROOT/debootstrap/debootstrap.log" ] && tail -n 40 "$ROOT/debootstrap/debootstrap.log" >&2
  die "debootstrap failed"
fi
log "debootstrap done ($((SECONDS - START)) s)"

# ---- configure the root filesystem -------------------------------------------
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# Files baked into the image.
cp -a "$HERE/rootfs/." "$ROOT/"
chown -R root:root "$ROOT/usr/local/sbin" "$ROOT/etc/sudoers.d"
chmod 0755 "$ROOT/usr/local/sbin/herd-testhost"
chmod 0440 "$ROOT"/etc/sudoers.d/*
in_root visudo -c >/dev/null || die "sudoers check failed"

# Users. Password field "*" (not "!"): no password login, but the account is not
# "locked", which sshd with UsePAM=no would refuse even for key logins.
in_root useradd --uid 1001 --user-group --create-home --home-dir /home/deploy \
  --shell /bin/bash deploy
in_root usermod -p '*' deploy
in_root useradd --system --user-group --create-home --home-dir /var/db/plone \
  --shell /bin/bash plone_daemon
in_root usermod -p '*' root

mkdir -p "$ROOT/run/sshd"
chmod 0755 "$ROOT/run/sshd"

# No host keys in the image: the entrypoint generates fresh ones per container.
rm -f "$ROOT"/etc/ssh/ssh_host_*

# Keep it small.
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/* "$ROOT"/var/cache/debconf/*-old \
       "$ROOT"/var/log/*.log "$ROOT"/var/log/apt/* "$ROOT"/debootstrap \
       "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/*
find "$ROOT/dev" -mindepth 1 -delete
: > "$ROOT/etc/machine-id"
printf '%s\n' "herd-testhost" > "$ROOT/etc/hostname"

# ---- import ----------------------------------------------------------------
log "importing into docker as $IMAGE"
tar --numeric-owner --xattrs -C "$ROOT" -c . | docker import \
  --change "LABEL $HASH_LABEL=$HASH" \
  --change "LABEL herd.testbed.mirror=$MIRROR" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/usr/local/sbin/herd-testhost"]' \
  - "$IMAGE" >/dev/null

NEW_ID="$(docker image inspect "$IMAGE" --format '{{.Id}}')"
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then
  docker rmi "$OLD_ID" >/dev/null 2>&1 || true  # fails harmlessly if a container still uses it
fi

SIZE="$(docker image inspect "$IMAGE" --format '{{.Size}}')"
log "built $IMAGE ($((SIZE / 1024 / 1024)) MiB, inputs hash $HASH) in $((SECONDS - START)) s"
