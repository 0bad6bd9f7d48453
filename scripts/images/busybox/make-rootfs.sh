#!/usr/bin/env bash
# Writes the root filesystem of nullops-local/busybox (a stand-in for Docker Hub's busybox, which this
# machine cannot pull) into the directory given as $1, from Debian's statically linked busybox.
set -euo pipefail

out=${1:?usage: make-rootfs.sh <empty output directory>}
busybox=${BUSYBOX_BINARY:-/bin/busybox}
# A dynamically linked busybox would need a libc the image does not have.
linkage=$(LC_ALL=C ldd "$busybox" 2>&1 || true)
if ! grep -Eq 'not a dynamic executable|statically linked' <<<"$linkage"; then
  echo "make-rootfs.sh: $busybox is not a static busybox; install Debian's busybox-static." >&2
  exit 1
fi

mkdir -p "$out"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,var/www,var/spool,tmp}
cp "$busybox" "$out/bin/busybox"
chmod 0755 "$out/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$out/bin/$applet"
done
# Scripts written for other images start with #!/usr/bin/env.
ln -sf ../../bin/busybox "$out/usr/bin/env"
chmod 1777 "$out/tmp"
chmod 0700 "$out/root"

cat >"$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
cat >"$out/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
