/**
 * Support for the suites that run the integrations as users run them: the pre-commit framework,
 * npm and git. The code under test is the working tree as it is (uncommitted changes included),
 * copied into a temporary directory; the README's own snippets are what the suites configure.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Requirement, RunOptions, RunResult } from './podman.js'
import { REPO_ROOT, run } from './podman.js'

function succeeds(file: string, args: readonly string[], timeout = 20_000): boolean {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout })
  return r.error === undefined && r.status === 0
}

export const NEEDS_GIT: Requirement = {
  check: () => (succeeds('git', ['--version']) ? undefined : 'git not found'),
  hint: 'install: apt-get install git',
}

export const NEEDS_PRE_COMMIT: Requirement = {
  check: () => (succeeds('pre-commit', ['--version']) ? undefined : 'pre-commit not found'),
  hint: 'install: bash test/precommit/setup.sh (Debian package pre-commit)',
}

let registry: string | undefined | null = null
/** The npm registry answers (the suites install podunit's dependencies, husky, lint-staged). */
export const NEEDS_NPM_REGISTRY: Requirement = {
  check: () => {
    if (registry === null) {
      registry = succeeds('npm', ['ping'], 60_000) ? undefined : 'the npm registry does not answer'
    }
    return registry
  },
  hint: 'network access to the npm registry',
}

/** Commits of the temporary repositories: no user configuration, no signing. */
export const GIT_ENV: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'podunit test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'podunit test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
}

export function git(cwd: string, args: readonly string[], options: RunOptions = {}): RunResult {
  return run('git', args, { ...options, cwd, env: { ...GIT_ENV, ...options.env } })
}

export function npm(cwd: string, args: readonly string[], options: RunOptions = {}): RunResult {
  return run('npm', [...args], {
    timeoutMs: 600_000,
    ...options,
    cwd,
    env: { npm_config_audit: 'false', npm_config_fund: 'false', ...options.env },
  })
}

/**
 * Copies the files git would see in the working tree (tracked and untracked, less the ignored
 * ones) into `dest`. With `commit`, `dest` becomes a git repository with them as one commit, and
 * the commit's id is returned.
 */
export function snapshotWorkingTree(dest: string, commit: boolean): string {
  const listed = git(REPO_ROOT, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
  const files = [...new Set(listed.stdout.split('\0').filter((f) => f !== ''))]
  for (const file of files) {
    const from = join(REPO_ROOT, file)
    try {
      mkdirSync(dirname(join(dest, file)), { recursive: true })
      copyFileSync(from, join(dest, file))
    } catch (error) {
      // a tracked file deleted in the working tree is not part of it
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  if (!commit) return ''
  git(dest, ['init', '-q'])
  git(dest, ['add', '-A'])
  git(dest, ['commit', '-q', '--no-verify', '-m', 'the working tree under test'])
  return git(dest, ['rev-parse', 'HEAD']).stdout.trim()
}

/**
 * `npm pack` of the working tree, as a publisher runs it (its `prepare` builds), in a copy that
 * borrows the checkout's node_modules: the checkout's own dist/ is not touched while other
 * suites run it. Returns the tarball's path and the files npm put in it.
 */
export function packWorkingTree(dir: string): { tarball: string; files: string[] } {
  const tree = join(dir, 'tree')
  snapshotWorkingTree(tree, false)
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir')
  const packed = npm(tree, ['pack', '--json', '--pack-destination', dir])
  const [report] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[]
  if (report === undefined) throw new Error(`npm pack printed no report: ${packed.stdout}`)
  const tarball = join(dir, report.filename)
  if (!readdirSync(dir).includes(report.filename)) throw new Error(`no ${tarball}`)
  return { tarball, files: report.files.map((f) => f.path).sort() }
}

/**
 * The fenced code blocks of a README section (`## <title>` up to the next `## `), in order, with
 * their info string: what the suites configure is what the README shows.
 */
export function readmeBlocks(title: string): { lang: string; text: string }[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(`\n## ${title}\n`)
  if (start === -1) throw new Error(`README.md has no section "${title}"`)
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end === -1 ? undefined : end)
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? '',
    text: m[2] ?? '',
  }))
}
