/** Labels, annotations and the Podman annotations `podman kube play` refuses. */
import { joinPointer } from '../diagnostics/pointer.js'
import { isValidSeccomp, SECCOMP_CONTAINER, SECCOMP_POD } from './seccomp.js'
import type { PodContext } from './context.js'
import { checkLabelValue, checkQualifiedName } from './names.js'

const ANNOTATIONS_LIMIT = 256 * 1024

export function validateMetadata(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const labels = pod.metadata.labels ?? {}
  for (const [key, value] of Object.entries(labels)) {
    const at = joinPointer(pod.metadataPointer, 'labels', key)
    const keyProblem = checkQualifiedName(key)
    if (keyProblem !== undefined)
      reporter.report('NAME_INVALID', at, { value: key, rule: keyProblem }, { atKey: true })
    const valueProblem = checkLabelValue(value)
    if (valueProblem !== undefined)
      reporter.report('NAME_INVALID', at, { value, rule: valueProblem })
  }
  const base = joinPointer(pod.document.base, 'metadata', 'annotations')
  let size = 0
  for (const [key, value] of Object.entries(pod.annotations)) {
    const at = joinPointer(base, key)
    size += key.length + value.length
    const problem = checkQualifiedName(key)
    if (problem !== undefined)
      reporter.report('NAME_INVALID', at, { value: key, rule: problem }, { atKey: true })
    if (value.includes('\r')) {
      reporter.report('VALUE_NOT_REPRESENTABLE', at, {
        detail:
          "holds a carriage return, which Podman's --annotation cannot carry (its CSV reader drops it)",
      })
    }
    if (key === 'io.podman.annotations.volumes-from') {
      reporter.report(
        'ANNOTATION_INVALID',
        at,
        {
          detail:
            'io.podman.annotations.volumes-from needs a target container: …/volumes-from/<container>',
        },
        { atKey: true },
      )
    }
    if (key.startsWith('io.podman.annotations.volumes-from/')) {
      const target = key.slice('io.podman.annotations.volumes-from/'.length)
      for (const source of value.split(';').map((s) => s.trim().split(':')[0] ?? '')) {
        if (source === '')
          reporter.report('ANNOTATION_INVALID', at, {
            detail: 'a volumes-from source container name is empty',
          })
        else if (source === target)
          reporter.report('ANNOTATION_INVALID', at, {
            detail: `container "${target}" cannot take volumes from itself`,
          })
      }
    }
    if ((key === SECCOMP_POD || key.startsWith(SECCOMP_CONTAINER)) && !isValidSeccomp(value)) {
      reporter.report('ANNOTATION_INVALID', at, {
        detail: `invalid seccomp profile ${JSON.stringify(value)} (runtime/default, docker/default, unconfined or localhost/<file>)`,
      })
    }
    if (key === 'io.podman.annotations.ulimit') {
      for (const limit of value.split(',')) {
        if (!/^[a-z]+=-?\d+(:-?\d+)?$/.test(limit.trim())) {
          reporter.report('ANNOTATION_INVALID', at, {
            detail: `invalid ulimit ${JSON.stringify(limit)} (name=soft[:hard])`,
          })
        }
      }
    }
    if (
      key === 'io.podman.annotations.init.container.type' &&
      value !== 'once' &&
      value !== 'always'
    ) {
      reporter.report('ENUM_INVALID', at, { value, allowed: ['once', 'always'] })
    }
  }
  if (size > ANNOTATIONS_LIMIT) {
    reporter.report('ANNOTATION_INVALID', base, {
      detail: `annotations take ${size} bytes, more than the limit of ${ANNOTATIONS_LIMIT}`,
    })
  }
}
