/**
 * ConfigMaps and Secrets under a real systemd 252 (test/podman/systemd-e2e.sh): a two-container
 * pod with a ConfigMap volume, ConfigMap and Secret env values and a shared emptyDir is converted
 * with its data directory inside the sandbox (`--data-dir /mnt/podunit-e2e/data`, which the
 * script's `--data` fills), started with `systemctl start`, and then, from inside the sandbox:
 *
 * - the containers read the ConfigMap's files where the volume is mounted, with the items' paths;
 * - the Secret's value arrives through the env file (the container's environment), only in the
 *   container that asks for it, and never appears in a unit;
 * - a ConfigMap value arrives as env and through `$(VAR)` in the command;
 * - one container sees what the other wrote to the shared emptyDir.
 */
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect, it } from 'vitest'
import { convert } from '../src/index.js'
import { suiteRequiring } from './support/podman.js'
import { scratchDir } from './support/scratch.js'
import { NEEDS_SYSTEMD_E2E, passLine, runSystemdE2e, writeUnits } from './support/systemd-e2e.js'

/** Where systemd-e2e.sh puts the copy of `--data DIR` inside the sandbox. */
const SANDBOX_DATA_DIR = '/mnt/podunit-e2e/data'
const POD_NAME = 'cm-demo'
const POD_UNIT = `pod-${POD_NAME}.service`
const SECRET_VALUE = 'tok-3f9a-not-in-units'

const YAML = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  greeting: hello from the ConfigMap
  app.conf: |
    listen = 8080
    mode = "e2e"
  unused: not mounted
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
type: Opaque
stringData:
  API_TOKEN: ${SECRET_VALUE}
---
apiVersion: v1
kind: Pod
metadata:
  name: ${POD_NAME}
spec:
  volumes:
    - name: config
      configMap:
        name: web-config
        items:
          - key: greeting
            path: greeting
          - key: app.conf
            path: app.conf
    - name: shared
      emptyDir: {}
  containers:
    - name: web
      image: localhost/busybox:latest
      command:
        - /bin/sh
        - -c
        - 'echo "$(GREETING) via web" > /shared/note; trap "exit 0" TERM; while :; do sleep 1; done'
      env:
        - name: GREETING
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: greeting
        - name: API_TOKEN
          valueFrom:
            secretKeyRef:
              name: web-secret
              key: API_TOKEN
      volumeMounts:
        - name: config
          mountPath: /etc/config
        - name: shared
          mountPath: /shared
    - name: reader
      image: localhost/busybox:latest
      volumeMounts:
        - name: config
          mountPath: /etc/config
          readOnly: true
        - name: shared
          mountPath: /shared
`

/** A variable of the container's environment, `unset` when it has none (busybox has no printenv). */
const ENV = (name: string) => `/bin/sh -c 'echo "\${${name}-unset}"'`

/** Each check's output (stdout and stderr) becomes one line of base64, so any bytes survive. */
const CHECKS: readonly (readonly [string, string])[] = [
  ['greeting', `podman exec ${POD_NAME}-web cat /etc/config/greeting`],
  ['app.conf', `podman exec ${POD_NAME}-reader cat /etc/config/app.conf`],
  ['files', `podman exec ${POD_NAME}-reader ls /etc/config`],
  ['token', `podman exec ${POD_NAME}-web ${ENV('API_TOKEN')}`],
  ['greeting env', `podman exec ${POD_NAME}-web ${ENV('GREETING')}`],
  ['reader token', `podman exec ${POD_NAME}-reader ${ENV('API_TOKEN')}`],
  [
    'note',
    `for i in 1 2 3 4 5 6 7 8 9 10; do podman exec ${POD_NAME}-reader cat /shared/note && break; sleep 0.5; done`,
  ],
]

const CHECK = CHECKS.map(([, command]) => `{ ${command}; } 2>&1 | base64 -w0; echo`).join('; ')

function checkOutputs(text: string): Map<string, string> {
  const lines = text.split('\n')
  return new Map(
    CHECKS.map(([name], i) => [name, Buffer.from(lines[i] ?? '', 'base64').toString('utf8')]),
  )
}

const suite = suiteRequiring('systemd e2e (ConfigMap)', NEEDS_SYSTEMD_E2E)

suite('systemd e2e: ConfigMap and Secret data under systemd 252', () => {
  const scratch = scratchDir('podunit-e2e-cm-')

  it('mounts the ConfigMap, hands over the Secret through the env file, and keeps it out of the units', () => {
    const result = convert({ path: 'cm-demo.yaml', text: YAML }, { dataDir: SANDBOX_DATA_DIR })
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])

    // The Secret is in a 0600 data file, never in a unit; the units name that file.
    for (const unit of result.units) {
      expect(unit.content, unit.fileName).not.toContain(SECRET_VALUE)
      expect(unit.content, unit.fileName).not.toContain('API_TOKEN')
    }
    const envFile = result.dataFiles.find((f) => f.path === `${POD_NAME}/web.env`)
    expect(envFile?.mode).toBe(0o600)
    expect(Buffer.from(envFile?.content ?? '').toString('utf8')).toBe(`API_TOKEN=${SECRET_VALUE}\n`)
    const web = result.units.find((u) => u.fileName === `container-${POD_NAME}-web.service`)
    expect(web?.content).toContain(`--env-file ${SANDBOX_DATA_DIR}/${POD_NAME}/web.env`)

    const units = join(scratch(), 'units')
    const data = join(scratch(), 'data')
    writeUnits(units, result.units)
    for (const file of result.dataFiles) {
      const path = join(data, file.path)
      mkdirSync(dirname(path), { recursive: true, mode: file.mode & 0o077 ? 0o755 : 0o700 })
      writeFileSync(path, file.content)
      chmodSync(path, file.mode)
    }

    const checkOutput = join(scratch(), 'check.out')
    const started = Date.now()
    const log = runSystemdE2e([
      ...['--units', units, '--pod-unit', POD_UNIT, '--pod-name', POD_NAME],
      ...['--data', data, '--check', CHECK, '--check-output', checkOutput],
    ])
    expect(log).toMatch(/^== PASS in \d+ ms/m)
    process.stdout.write(
      `systemd e2e (ConfigMap): ${passLine(log)}; test ${Date.now() - started} ms\n`,
    )

    const out = checkOutputs(readFileSync(checkOutput, 'utf8'))
    expect(Object.fromEntries(out)).toEqual({
      greeting: 'hello from the ConfigMap',
      'app.conf': 'listen = 8080\nmode = "e2e"\n',
      files: 'app.conf\ngreeting\n',
      token: `${SECRET_VALUE}\n`,
      'greeting env': 'hello from the ConfigMap\n',
      'reader token': 'unset\n',
      note: 'hello from the ConfigMap via web\n',
    })
  }, 180_000)
})
