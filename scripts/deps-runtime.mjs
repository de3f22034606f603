#!/usr/bin/env node
// Lists what ships in the app and the CLI: every package reachable from package.json's dependencies, plus
// Electron (a devDependency, yet its runtime is what runs the app), with versions, read from package-lock.json.
// `npm audit` needs the advisory service, which these machines cannot reach: the list lets a contributor audit
// the exact tree elsewhere (npm audit in a clone, osv-scanner, the GitHub advisory database).
//
//   npm run deps:runtime              name@version lines, sorted, and how each top-level package is reached
//   npm run deps:runtime -- --json    [{ name, version, path, resolved, integrity, license, via }]
//   npm run deps:runtime -- --tree    the dependency tree as npm would place it
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Packages that ship although package.json lists them under devDependencies. */
const SHIPPED_DEV_DEPENDENCIES = ['electron']

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
if (lock.lockfileVersion < 2 || !lock.packages) throw new Error('package-lock.json must be lockfileVersion 2 or 3 (npm 7+)')
const packages = lock.packages
const top = packages['']

/** Where Node would find `name` from the package installed at `from` (a lock path such as node_modules/a). */
function resolve(name, from) {
  let base = from
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`
    if (packages[candidate]) return candidate
    if (base === '') return null
    const cut = base.lastIndexOf('/node_modules/')
    base = cut === -1 ? '' : base.slice(0, cut)
  }
}

/** What a package needs at run time: dependencies, optional ones, and peers that are not optional. */
function dependencyNames(entry) {
  const optional = new Set(Object.keys(entry.optionalDependencies ?? {}))
  const peerOptional = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name))
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !peerOptional.has(name))
  return [...Object.keys(entry.dependencies ?? {}), ...optional, ...peers].map((name) => ({ name, optional: optional.has(name) }))
}

const reached = new Map()
const tree = []

function visit(name, from, via, children, { descend = true } = {}) {
  const path = resolve(name, from)
  if (!path) return false
  const entry = packages[path]
  const node = { name, version: entry.version, children: [] }
  children.push(node)
  const seen = reached.get(path)
  if (seen) {
    seen.via.add(via)
    node.deduped = true
    return true
  }
  reached.set(path, {
    name,
    version: entry.version,
    path,
    resolved: entry.resolved ?? null,
    integrity: entry.integrity ?? null,
    license: entry.license ?? null,
    via: new Set([via]),
  })
  if (!descend) return true
  for (const dependency of dependencyNames(entry)) {
    const found = visit(dependency.name, path, name, node.children)
    if (!found && !dependency.optional) throw new Error(`${name}@${entry.version} needs ${dependency.name}, which package-lock.json does not have`)
  }
  return true
}

for (const name of [...Object.keys(top.dependencies ?? {}), ...Object.keys(top.optionalDependencies ?? {})]) {
  if (!visit(name, '', '(package.json)', tree)) throw new Error(`${name} is not in package-lock.json: run npm install`)
}
// Electron's own npm dependencies only download its binary at install time; the binary is what ships.
for (const name of SHIPPED_DEV_DEPENDENCIES) {
  if (!visit(name, '', '(package.json)', tree, { descend: false })) throw new Error(`${name} is not in package-lock.json: run npm install`)
}

const list = [...reached.values()]
  .map((item) => ({ ...item, via: [...item.via].sort() }))
  .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true }))

// Piped into head or less: a closed pipe ends the listing quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const args = new Set(process.argv.slice(2))
if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify(list, null, 2)}\n`)
} else if (args.has('--tree')) {
  const print = (nodes, indent) => {
    for (const node of nodes) {
      process.stdout.write(`${indent}${node.name}@${node.version}${node.deduped ? ' (deduped)' : ''}\n`)
      print(node.children, `${indent}  `)
    }
  }
  print(tree, '')
} else {
  process.stdout.write(`# ${top.name}@${top.version}: ${list.length} runtime packages (dependencies and the Electron runtime), from package-lock.json\n`)
  for (const item of list) process.stdout.write(`${item.name}@${item.version}${item.via.includes('(package.json)') ? '' : `  <- ${item.via.join(', ')}`}\n`)
}
