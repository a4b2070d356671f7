#!/usr/bin/env node
'use strict'
// The command line, bundled into one file and loaded through V8's code cache: start-up is
// most of what a pre-commit hook costs.
const { join } = require('node:path')
const { requireWithCodeCache } = require('../dist/code-cache.cjs')

process.exitCode = requireWithCodeCache(join(__dirname, '..', 'dist', 'podunit.cjs')).run(
  process.argv.slice(2),
)
