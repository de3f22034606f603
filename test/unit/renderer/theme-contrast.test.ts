// The theme's recomputed colours read at WCAG AA (4.5:1) where they are used: secondary text, and the text of
// every light badge on its tint, in both themes.
import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { contrastRatio, contrastVariables, readableOn, theme } from '../../../src/renderer/src/app/theme'

const resolved = mergeMantineTheme(DEFAULT_THEME, theme)

describe('contrast', () => {
  it('darkens (or lightens) a colour just enough', () => {
    expect(contrastRatio('#868e96', '#ffffff')).toBeCloseTo(3.32, 1)
    const fixed = readableOn('#868e96', '#ffffff')
    expect(contrastRatio(fixed, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(fixed, '#ffffff')).toBeLessThan(5.5)
    expect(contrastRatio(readableOn('#828282', '#242424'), '#242424')).toBeGreaterThanOrEqual(4.5)
  })

  it('every light badge and the dimmed text pass AA in the light and dark themes', () => {
    const variables = contrastVariables(resolved)
    for (const [name, shades] of Object.entries(resolved.colors)) {
      if (name === 'dark') continue
      const text = variables.light[`--mantine-color-${name}-light-color`]!
      expect(contrastRatio(text, variables.light[`--mantine-color-${name}-light`]!), name).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(text, shades[1]), name).toBeGreaterThanOrEqual(4.5)
    }
    expect(contrastRatio(variables.light['--mantine-color-dimmed']!, '#ffffff')).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(variables.light['--mantine-color-dimmed']!, resolved.colors.bay![1])).toBeGreaterThanOrEqual(4.5)
    for (const background of [resolved.colors.dark[7], resolved.colors.dark[6], resolved.colors.dark[5]]) {
      expect(contrastRatio(variables.dark['--mantine-color-dimmed']!, background), background).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(variables.dark['--mantine-color-anchor']!, background), background).toBeGreaterThanOrEqual(4.5)
    }
    // White text on the primary colour (filled buttons and badges), in both themes.
    const primary = resolved.colors.bay![7]
    expect(theme.primaryShade).toEqual({ light: 7, dark: 7 })
    expect(contrastRatio('#ffffff', primary)).toBeGreaterThanOrEqual(4.5)
  })
})
