// axe-core in the page under test: injected through the DevTools protocol (page.evaluate), which the app's CSP
// (script-src 'self') does not govern, so the page is checked exactly as it ships.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

export interface AxeViolation {
  readonly id: string
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null
  readonly help: string
  readonly nodes: ReadonlyArray<{ readonly target: readonly unknown[]; readonly failureSummary?: string }>
}

let source: Promise<string> | null = null

function axeSource(): Promise<string> {
  source ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  return source
}

/**
 * Runs axe on the page as it is now (WCAG 2.1 A/AA and best practices). Returns every violation; callers
 * assert on the ones that matter (`blocking`).
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(await axeSource())
  // A string, evaluated in the page: this project's TypeScript has no DOM types.
  return page.evaluate<AxeViolation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
      .then((result) => result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
      })))
  `)
}

/** Critical and serious violations, plus the heading structure (one h1, no skipped levels). */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious' || violation.id === 'page-has-heading-one' || violation.id === 'heading-order')
}

/** One line per violation and node, for a failure message that says what to fix. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => `${violation.impact ?? 'n/a'} ${violation.id}: ${violation.help}\n${violation.nodes.slice(0, 6).map((node) => `    ${JSON.stringify(node.target)} ${node.failureSummary?.split('\n').slice(1, 2).join(' ') ?? ''}`).join('\n')}`)
    .join('\n')
}
