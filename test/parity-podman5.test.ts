/**
 * Semantic parity with `podman kube play` of Podman 5.4.2 (the root of test/podman5/), for the
 * units of `--podman-version 5.4`: the suite of test/parity.test.ts, run in a held-open session
 * of the root (containers must keep running between commands), with its own allow-list,
 * test/parity/allow-list-5.4.ts.
 */
import { ALLOWED_54 } from './parity/allow-list-5.4.js'
import { parityCases } from './support/parity-suite.js'
import { suiteRequiring } from './support/podman.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_ROOT,
  PODMAN5_VERSION,
  Podman5Session,
  acquirePodman5Lock,
} from './support/podman5.js'

const suite = suiteRequiring('kube play parity (Podman 5.4.2)', [NEEDS_PODMAN5])

suite(`parity with podman kube play (Podman ${PODMAN5_VERSION})`, () => {
  parityCases({
    allowed: ALLOWED_54,
    start: async (scratch) => {
      const release = await acquirePodman5Lock()
      // The host's cgroups: pod-level resources (pod create --memory/--cpus) need their controllers.
      const session = Podman5Session.start(scratch, 'host')
      const target = {
        release: PODMAN5_VERSION,
        podmanVersion: '5.4' as const,
        podman: session.podman.bind(session),
        hostRoot: PODMAN5_ROOT,
        hostNamespaces: new Set(session.namespaces().keys()),
      }
      return {
        target,
        stop: () => {
          session.stop()
          release()
        },
      }
    },
  })
})
