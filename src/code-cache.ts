/**
 * Loads a CommonJS file through V8's code cache, so that a short-lived process does not parse and
 * compile the same large generated module (a precompiled validator) on every run. The cache sits
 * beside the file, one per Node.js version and architecture; it is made at build time and
 * refreshed when V8 rejects it. Writing it is best effort: a read-only install just runs uncached.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname, resolve } from 'node:path'
import { Script } from 'node:vm'

type Wrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void

export function cacheFileOf(file: string): string {
  return `${file}.${process.version}-${process.arch}.cache`
}

const loaded = new Map<string, unknown>()
const pending = new Map<string, Script>()

function writeCaches(): void {
  for (const [cacheFile, script] of pending) {
    try {
      const temp = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(temp, script.createCachedData())
      renameSync(temp, cacheFile)
    } catch {
      // best effort: a read-only install runs without a cache
    }
  }
}

/** `require(file)`, with the file and the relative files it requires read through the cache. */
export function requireWithCodeCache(file: string): unknown {
  if (loaded.has(file)) return loaded.get(file)
  const exports = load(file)
  loaded.set(file, exports)
  return exports
}

function requireFrom(file: string): NodeJS.Require {
  const plain = createRequire(file)
  const require = ((specifier: string): unknown =>
    specifier.startsWith('./') || specifier.startsWith('../')
      ? requireWithCodeCache(resolve(dirname(file), specifier))
      : (plain(specifier) as unknown)) as NodeJS.Require
  return Object.assign(require, { resolve: plain.resolve, cache: plain.cache, main: plain.main })
}

function load(file: string): unknown {
  const cacheFile = cacheFileOf(file)
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  })
  const module = { exports: {} as unknown }
  const run = script.runInThisContext() as Wrapper
  run(module.exports, requireFrom(file), module, file, dirname(file))
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // At exit the cache also holds the functions this run compiled, not just the top level.
    if (pending.size === 0) process.once('exit', writeCaches)
    pending.set(cacheFile, script)
  }
  return module.exports
}
