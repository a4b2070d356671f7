# Shared by setup.sh, systemd-e2e.sh, store.sh and ../podman5/setup.sh: the test image, built
# without network from busybox-static, and the image names it is tagged with. Source it; it
# defines functions only.

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

# test_image_names REPO: every image name the golden inputs and samples of REPO use (plus the
# names of ../shared/podman-4.3.1), normalised, one a line, sorted, so that nothing is ever pulled.
test_image_names() {
  local repo=$1 name
  {
    printf '%s\n' centos nginx:1.25
    shopt -s nullglob
    cat /dev/null "$repo"/test/golden/*/input.yaml "$repo"/samples/*.yaml "$repo"/test/parity/*.yaml |
      sed -nE 's/^[[:space:]]*(-[[:space:]]+)?image:[[:space:]]*//p' |
      sed -E 's/[[:space:]]+#.*$//; s/^"(.*)"$/\1/; s/^'"'"'(.*)'"'"'$/\1/; s/[[:space:]]+$//'
  } | while read -r name; do [ -n "$name" ] && normalize_image_name "$name"; done | sort -u
}

# prepare_test_image REPO PODMAN [args...]: imports $TEST_IMAGE through the given podman command
# unless its current version is there, then tags it with every name of test_image_names REPO
# that does not point at it yet. Needs /bin/busybox where it runs.
prepare_test_image() {
  local repo=$1 have id name tmp names=() missing=()
  shift
  have=$("$@" image inspect --format '{{index .Labels "io.podunit.test-image"}}' "$TEST_IMAGE" 2> /dev/null || true)
  if [ "$have" != "$TEST_IMAGE_VERSION" ]; then
    log "importing $TEST_IMAGE (version $TEST_IMAGE_VERSION) from /bin/busybox"
    tmp=$(mktemp -d)
    make_test_rootfs_tar "$tmp/rootfs.tar"
    import_test_image "$tmp/rootfs.tar" "$@"
    rm -rf "$tmp"
  fi
  mapfile -t names < <(test_image_names "$repo")
  id=$("$@" image inspect --format '{{.Id}}' "$TEST_IMAGE")
  for name in "${names[@]}"; do
    [ "$("$@" image inspect --format '{{.Id}}' "$name" 2> /dev/null || true)" = "$id" ] || missing+=("$name")
  done
  for name in "${missing[@]}"; do
    "$@" tag "$TEST_IMAGE" "$name" || log "warning: cannot tag $name"
  done
  log "test image $TEST_IMAGE tagged as ${#names[@]} names (${#missing[@]} new)"
}
