/**
 * Semantic parity with `podman kube play` (Podman 4.3.1): for every `test/parity/<case>.yaml`,
 *
 * (a) `podman kube play --start=false` makes the pod; `podman inspect` the pod and its containers;
 * (b) `convert()` writes our units (and the data files, under a scratch data directory); the units
 *     are read back into `podman pod create` / `podman create --pod` arguments (unit-parse.ts, as
 *     the replay test does; `--restart` is the unit's `Restart=`, which is what systemd applies),
 *     those commands make the pod; `podman inspect` the same objects;
 *
 * and the normalized projections (test/support/inspect.ts) must be equal, field by field, except
 * for the differences listed in test/parity/allow-list.ts, each with its reason. The list is
 * exact: a listed difference whose values are not exactly the ones listed fails the case, and so
 * does one that no longer differs. A side that fails outright is a difference too: object
 * `(kube play)` or `(podunit)`, field `error`, value the first `Error:` line.
 *
 * What kube play is given, where 4.3.1 cannot take the YAML as it is:
 * - `/PARITY_TMP` in a case stands for a scratch directory (hostPath sources). hostPath sources
 *   of type Directory, File or unset are made first; `*OrCreate` ones are made by kube play and
 *   then left for our commands (a unit needs them to exist, see the README).
 * - DaemonSet, ReplicaSet, StatefulSet and Job ("YAML document does not contain any supported
 *   kube kind" in 4.3.1) are played as the equivalent Pod, as newer kube play builds it: named
 *   `<name>-pod`, the template's labels and spec, the workload's own annotations.
 * - A `Secret` document is stored by 4.3.1 as YAML, which its env lookup then cannot read ("secret
 *   is not valid JSON"); the test stores it in the form 4.3.1 reads (`podman secret create` of a
 *   JSON object of base64 values) and leaves the document out. A secret *volume* makes 4.3.1 panic
 *   (nil pointer in VolumeFromSecret), so kube play is given the pod without secret volumes.
 *
 * The same suite runs against Podman 5.4.2 in test/parity-podman5.test.ts; the core is in
 * test/support/parity-{input,run,suite}.ts.
 *
 * PODUNIT_PARITY_DUMP=1 prints the differences that the allow-list does not explain, in its syntax;
 * PODUNIT_PARITY_SHOW=<case> prints both projections of that case.
 */

import { readlinkSync } from 'node:fs'
import { ALLOWED } from './parity/allow-list.js'
import { parityCases } from './support/parity-suite.js'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_TEST_IMAGE,
  acquirePodmanLock,
  podman,
  suiteRequiring,
} from './support/podman.js'

const HOST_NAMESPACES: ReadonlySet<string> = new Set(
  ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'uts', 'user'].map((kind) =>
    readlinkSync(`/proc/self/ns/${kind}`),
  ),
)

const suite = suiteRequiring('kube play parity', [NEEDS_ROOT, NEEDS_PODMAN, NEEDS_TEST_IMAGE])

suite('parity with podman kube play (Podman 4.3.1)', () => {
  parityCases({
    allowed: ALLOWED,
    start: async () => {
      const release = await acquirePodmanLock()
      const target = {
        release: '4.3.1',
        podmanVersion: '4.3' as const,
        podman,
        hostRoot: '/',
        hostNamespaces: HOST_NAMESPACES,
      }
      return { target, stop: release }
    },
  })
})
