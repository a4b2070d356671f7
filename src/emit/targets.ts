/**
 * The Podman versions podunit writes for, and what differs between them: one row of traits per
 * version, read by the emitters where the text differs. Each row is proved against the release
 * it names (test/replay.test.ts on Podman 4.3.1, test/replay-podman5.test.ts on 5.4.2).
 */

/** A `generate systemd` format podunit can vouch for: `--podman-version`. */
export type PodmanVersion = '4.3' | '5.4'

export const PODMAN_VERSIONS: readonly PodmanVersion[] = ['4.3', '5.4']

/**
 * 4.3: its units also run unchanged on Podman 5, while 5.4's do not run on Podman < 4.4 once a
 * stale pid or id file is left in `%t` (README, "Podman versions").
 */
export const DEFAULT_PODMAN_VERSION: PodmanVersion = '4.3'

export interface PodmanTraits {
  /** The release whose `podman generate systemd --new --files --name` output is reproduced. */
  readonly release: string
  /**
   * `ExecStartPre=/bin/rm -f …` before `podman pod create` (the pid and pod-id files) and before
   * `podman run` (the cid file): Podman before 4.4 refuses to overwrite them.
   */
  readonly rmBeforeStart: boolean
  /** `RestartSec=` (`--restart-sec`) in the container units too, not only in the pod unit. */
  readonly restartSecInContainers: boolean
  /**
   * Options that Podman 4.3 splits at commas as CSV but this version takes whole (string arrays
   * since Podman 5): their values are never CSV-quoted. Seen on 5.4.2: `--annotation '"a=b"'`
   * keeps the quotes, `--env-file '"/f"'` looks for a file named `"/f"`.
   */
  readonly wholeValueFlags: readonly string[]
}

export const PODMAN_TRAITS: Readonly<Record<PodmanVersion, PodmanTraits>> = {
  '4.3': {
    release: '4.3.1',
    rmBeforeStart: true,
    restartSecInContainers: false,
    wholeValueFlags: [],
  },
  '5.4': {
    release: '5.4.2',
    rmBeforeStart: false,
    restartSecInContainers: true,
    wholeValueFlags: ['--annotation', '--device', '--env-file'],
  },
}

export function isPodmanVersion(value: string): value is PodmanVersion {
  return (PODMAN_VERSIONS as readonly string[]).includes(value)
}
