// npm run bench: what podunit costs, measured side by side with its floor in the same run.
// Medians over several runs; machines are noisy, so compare ratios, not single numbers.
//
//   node scripts/bench.mjs [--runs N] [--quick]
//
// (a) cold `podunit convert` of the seed sample vs `node -e 0`
// (b) cold `podunit validate` of all samples vs `node -e 0`
// (c) in-process throughput on generated files of 1,000 and 10,000 pods
// (d) peak RSS of a process converting the 10,000-pod file
// (e) with Podman installed: Podman's own path for the seed (create, generate, remove)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/podunit.cjs')
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 5 : 21)
const work = mkdtempSync(join(tmpdir(), 'podunit-bench-'))

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const ms = (value) => `${value.toFixed(1)} ms`

/** Wall time of one run of a command, in milliseconds. */
function time(file, argv) {
  const start = process.hrtime.bigint()
  const result = spawnSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${file} ${argv.join(' ')} failed: ${result.stderr}`)
  return elapsed
}

/** Medians of several commands, their runs interleaved so that noise hits them alike. */
function compare(commands, n = runs) {
  const samples = commands.map(() => [])
  for (const [file, argv] of commands) time(file, argv) // warm the file cache
  for (let i = 0; i < n; i++)
    commands.forEach(([file, argv], k) => samples[k].push(time(file, argv)))
  return samples.map(median)
}

function pods(count) {
  let text = ''
  for (let i = 0; i < count; i++) {
    text += `---
apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  labels: {app: web, tier: frontend}
spec:
  restartPolicy: OnFailure
  containers:
    - name: web
      image: docker.io/library/nginx:1.25
      ports: [{containerPort: 80, hostPort: ${10000 + (i % 50000)}}]
      env: [{name: GREETING, value: "hello world"}, {name: SHARE, value: "100%"}]
      resources: {limits: {cpu: 500m, memory: 128Mi}}
    - name: cache
      image: docker.io/library/redis:7
      args: [--maxmemory, 64mb]
`
  }
  return text
}

const rows = []
const row = (what, value, note = '') => {
  rows.push([what, value, note])
  console.log(`${what.padEnd(58)} ${value.padStart(16)}  ${note}`)
}

console.log(
  `podunit benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${runs} runs each`,
)
console.log()

// (a) and (b): cold processes
const floor = [process.execPath, ['-e', '0']]
const [nodeConvert, convertTime] = compare([
  floor,
  [process.execPath, [bin, 'convert', '--stdout', join(root, 'samples/seed.yaml')]],
])
row('(a) node -e 0', ms(nodeConvert))
row(
  '(a) podunit convert samples/seed.yaml (cold)',
  ms(convertTime),
  `${(convertTime / nodeConvert).toFixed(2)}x node -e 0`,
)
const [nodeValidate, validateTime] = compare([
  floor,
  [process.execPath, [bin, 'validate', join(root, 'samples')]],
])
row(
  '(b) podunit validate samples/ (cold)',
  ms(validateTime),
  `${(validateTime / nodeValidate).toFixed(2)}x node -e 0`,
)

// (c) in-process throughput, after a warm-up, as a library user or a long CI job sees it
const { convert, validate } = await import(join(root, 'dist/index.js'))
const sizes = quick ? [1000] : [1000, 10000]
const perPod = {}
convert({ path: 'warm.yaml', text: pods(500) })
validate({ path: 'warm.yaml', text: pods(500) })
for (const size of sizes) {
  const text = pods(size)
  const reps = size >= 10000 ? 3 : 7
  const convertMs = median(
    Array.from({ length: reps }, () => {
      const start = performance.now()
      const result = convert({ path: 'gen.yaml', text })
      if (!result.ok) throw new Error('generated input did not convert')
      return performance.now() - start
    }),
  )
  const validateMs = median(
    Array.from({ length: reps }, () => {
      const start = performance.now()
      validate({ path: 'gen.yaml', text })
      return performance.now() - start
    }),
  )
  const quadletMs = median(
    Array.from({ length: reps }, () => {
      const start = performance.now()
      const result = convert({ path: 'gen.yaml', text }, { quadlet: true })
      if (!result.ok) throw new Error('generated input did not convert to Quadlet files')
      return performance.now() - start
    }),
  )
  perPod[size] = convertMs / size
  row(
    `(c) convert ${size.toLocaleString('en')} pods in-process`,
    ms(convertMs),
    `${Math.round((size / convertMs) * 1000).toLocaleString('en')} pods/s`,
  )
  row(
    `(c) convert --quadlet ${size.toLocaleString('en')} pods in-process`,
    ms(quadletMs),
    `${Math.round((size / quadletMs) * 1000).toLocaleString('en')} pods/s`,
  )
  row(
    `(c) validate ${size.toLocaleString('en')} documents in-process`,
    ms(validateMs),
    `${Math.round((size / validateMs) * 1000).toLocaleString('en')} documents/s`,
  )
}
if (perPod[10000] !== undefined) {
  row(
    '(c) cost per pod, 10,000 vs 1,000',
    `${(perPod[10000] / perPod[1000]).toFixed(2)}x`,
    '1.00x is linear',
  )
}

// (d) peak RSS and wall time of one process converting the largest file
if (!quick) {
  const file = join(work, 'pods-10000.yaml')
  writeFileSync(file, pods(10000))
  const probe = join(work, 'rss.cjs')
  writeFileSync(
    probe,
    `process.argv.splice(1, 1); process.on('exit', () => process.stderr.write('RSS ' + process.resourceUsage().maxRSS + '\\n')); require(${JSON.stringify(bin)})`,
  )
  const samples = []
  let rss = 0
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, [probe, 'x', 'convert', '--stdout', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    })
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    rss = Math.max(rss, Number(/RSS (\d+)/.exec(result.stderr)?.[1] ?? 0))
  }
  row('(d) podunit convert of a 10,000-pod file (cold process)', ms(median(samples)))
  row('(d) peak RSS of that process', `${(rss / 1024).toFixed(0)} MB`)
}

// (e) Podman's own path for the seed, where Podman is installed
const podman = spawnSync('podman', ['--version'], { encoding: 'utf8' })
if (podman.status === 0) {
  const script = join(work, 'podman-seed.sh')
  writeFileSync(
    script,
    `set -e
podman pod rm -f bench-seed >/dev/null 2>&1 || true
podman pod create --name bench-seed >/dev/null
podman create --pod bench-seed --name bench-seed-a -t docker.io/library/centos:latest top >/dev/null
podman create --pod bench-seed --name bench-seed-b -t docker.io/library/centos:latest top >/dev/null
cd ${JSON.stringify(work)} && podman generate systemd --new --files --name bench-seed >/dev/null
podman pod rm -f bench-seed >/dev/null
`,
  )
  try {
    const [podmanTime, ours] = compare(
      [
        ['bash', [script]],
        [process.execPath, [bin, 'convert', '--stdout', join(root, 'samples/seed.yaml')]],
      ],
      quick ? 3 : 7,
    )
    row('(e) Podman: create pod + 2 containers, generate, remove', ms(podmanTime))
    row(
      '(e) podunit convert of the same pod',
      ms(ours),
      `${(podmanTime / ours).toFixed(1)}x faster than Podman`,
    )
  } catch (error) {
    row('(e) Podman path', 'failed', String(error).split('\n')[0])
  }
} else {
  row('(e) Podman path', 'skipped', 'podman is not installed')
}

rmSync(work, { recursive: true, force: true })
