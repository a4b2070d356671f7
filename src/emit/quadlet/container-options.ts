/**
 * The parts of a container that take several Quadlet keys each: its security options and its
 * mounts. Each value goes to Quadlet's own key when the key can carry it, else to `PodmanArgs=`.
 */
import type { ContainerModel, Mount } from '../../model/pod-model.js'
import { mountArgs } from '../podman-cmdline.js'
import { rawProblem } from './encode.js'
import type { QuadletKeys } from './quadlet-keys.js'

/** `--security-opt label=…` values that have a key of their own. */
const LABEL_KEYS: readonly (readonly [string, string])[] = [
  ['label=type:', 'SecurityLabelType'],
  ['label=level:', 'SecurityLabelLevel'],
  ['label=filetype:', 'SecurityLabelFileType'],
]

/**
 * Keys read as whitespace-separated words with quotes removed and backslashes kept
 * (`AddCapability=`, `AddDevice=`): a value must be one plain word.
 */
function plainWord(value: string): boolean {
  return rawProblem(value, 'single') === undefined && !/[\s"'\\]/.test(value)
}

export function addSecurity(keys: QuadletKeys, container: ContainerModel): void {
  const { security } = container
  keys
    .argsIf(security.privileged, '--privileged')
    .fixed('ReadOnly', security.readOnlyRootFilesystem)
  const [user, group] = splitUser(security.user)
  if (user !== undefined && [user, group ?? ''].every((v) => v === '' || plainWord(v))) {
    keys.raw('User', [user], 'single', '--user').raw('Group', group ? [group] : [], 'single', '')
  } else if (security.user !== undefined) keys.args('--user', security.user)
  keys.raw('GroupAdd', security.groupAdd, 'lines', '--group-add')
  for (const [key, flag, values] of [
    ['DropCapability', '--cap-drop', security.capDrop],
    ['AddCapability', '--cap-add', security.capAdd],
  ] as const) {
    for (const cap of values) {
      if (plainWord(cap)) keys.raw(key, [cap], 'single', flag)
      else keys.args(flag, cap)
    }
  }
  for (const opt of security.securityOpts) addSecurityOpt(keys, opt)
  keys.argsIf(security.hostIpc, '--ipc', 'host').argsIf(security.hostPid, '--pid', 'host')
}

function splitUser(user: string | undefined): [string | undefined, string | undefined] {
  if (user === undefined) return [undefined, undefined]
  const colon = user.indexOf(':')
  return colon < 0 ? [user, undefined] : [user.slice(0, colon), user.slice(colon + 1)]
}

function addSecurityOpt(keys: QuadletKeys, opt: string): void {
  if (opt === 'no-new-privileges') {
    keys.fixed('NoNewPrivileges', true)
    return
  }
  if (opt === 'label=disable') {
    keys.fixed('SecurityLabelDisable', true)
    return
  }
  if (opt.startsWith('unmask=')) {
    keys.words('Unmask', [opt.slice('unmask='.length)])
    return
  }
  if (opt.startsWith('mask=')) {
    keys.words('Mask', [opt.slice('mask='.length)])
    return
  }
  if (opt.startsWith('seccomp=')) {
    const profile = opt.slice('seccomp='.length)
    if (rawProblem(profile, 'single') === undefined)
      keys.raw('SeccompProfile', [profile], 'single', '')
    else keys.args('--security-opt', opt)
    return
  }
  const label = LABEL_KEYS.find(([prefix]) => opt.startsWith(prefix))
  const value = label === undefined ? '' : opt.slice(label[0].length)
  if (label !== undefined && rawProblem(value, 'single') === undefined) {
    keys.raw(label[1], [value], 'single', '')
  } else keys.args('--security-opt', opt)
}

export function addMounts(keys: QuadletKeys, mounts: readonly Mount[]): void {
  for (const mount of mounts) {
    const [flag = '', value = ''] = mountArgs(mount)
    switch (mount.kind) {
      case 'bind':
      case 'volume':
        // Quadlet writes `RequiresMountsFor=` with a bind source as it is: systemd would read a
        // path with whitespace as two paths. A source ending in `.volume` names a Quadlet unit.
        if (/\s/.test(mount.source) || mount.source.endsWith('.volume')) keys.args(flag, value)
        else keys.raw('Volume', [value], 'lines', flag)
        break
      case 'tmpfs':
        keys.raw('Tmpfs', [value], 'lines', flag)
        break
      case 'device':
        if (plainWord(value)) keys.raw('AddDevice', [value], 'single', flag)
        else keys.args(flag, value)
        break
      case 'image':
        // Mount= is read as CSV and rebuilt: quotes in it would be lost.
        if (value.includes('"')) keys.args(flag, value)
        else keys.words('Mount', [value])
        break
    }
  }
}
