# Shared by setup.sh and systemd-e2e.sh: the test image, built without network from
# busybox-static. Source it; it defines functions only.

# Bump when the rootfs or the image config below changes: setup.sh re-imports on a mismatch.
TEST_IMAGE=localhost/busybox:latest
TEST_IMAGE_VERSION=2

log() { printf '%s: %s\n' "${LOG_PREFIX:-podunit-test}" "$*" >&2; }

# make_test_rootfs_tar OUT.tar: a rootfs with the static busybox and a link for every applet.
make_test_rootfs_tar() {
  local out=$1 dir applet
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root" "$dir/var/tmp"
  chmod 1777 "$dir/tmp" "$dir/var/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$dir/etc/group"
  tar --numeric-owner -C "$dir" -cf "$out" .
  rm -rf "$dir"
}

# import_test_image ROOTFS.tar [podman args...]: import as $TEST_IMAGE with a default command
# that stops promptly on SIGTERM (images without a CMD cannot be created without a command).
import_test_image() {
  local tar=$1; shift
  "$@" import -q \
    --change "LABEL io.podunit.test-image=$TEST_IMAGE_VERSION" \
    --change 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM; while :; do sleep 1; done"]' \
    "$tar" "$TEST_IMAGE" > /dev/null
}

# normalize_image_name NAME: the fully qualified name Podman stores for a short or partial NAME
# (docker.io/library/ for single names, docker.io/ for a first component without . or :,
# :latest without a tag). Prints nothing for digests, which cannot be tagged.
normalize_image_name() {
  local name=$1 first rest
  case $name in *@*) return 0;; esac
  first=${name%%/*}
  if [ "$first" = "$name" ]; then
    name=docker.io/library/$name
  elif [ "$first" != localhost ] && [[ $first != *.* ]] && [[ $first != *:* ]]; then
    name=docker.io/$name
  fi
  rest=${name##*/}
  [[ $rest == *:* ]] || name=$name:latest
  printf '%s\n' "$name"
}
