// The Mantine theme: the brand colour, the font stack, and the defaults every card, paper and tooltip shares.

import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'

// A deep sea blue for the brand; the rest of Mantine's palette stays for states (green ok, orange caution, red error).
const bay: MantineColorsTuple = [
  '#e8f4ff',
  '#d2e4fc',
  '#a4c7f4',
  '#72a8ed',
  '#4a8ee7',
  '#317ee4',
  '#2176e3',
  '#1264ca',
  '#0059b6',
  '#004ca1',
]

export const theme = createTheme({
  primaryColor: 'bay',
  // Shade 7 carries white text at 5.5:1 in both themes (shade 5 is 4.0:1).
  primaryShade: { light: 7, dark: 7 },
  colors: { bay },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Roboto, "Noto Sans", Ubuntu, Cantarell, Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    // A status badge shows its whole word: it keeps its width in a crowded row instead of "DO…".
    Badge: { styles: { root: { flexShrink: 0, maxWidth: 'none' } } },
    // The close button has a name, and is not where the keyboard lands first.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
})

// ---- Contrast ------------------------------------------------------------------------------------------------
// Mantine's secondary text (gray.6 on white, 3.3:1) and its light badges (shade 9 on a pale tint, down to 2.6:1
// for yellow) fall short of WCAG AA's 4.5:1 for small text. Each is recomputed from the palette: the colour is
// darkened (or, in the dark theme, lightened) just enough to reach 4.6:1 on the background it sits on.

/** WCAG 2 relative luminance of #rrggbb. */
function relativeLuminance(hex: string): number {
  const channel = (index: number): number => {
    const value = Number.parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16) / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

function mix(hex: string, toward: number, amount: number): string {
  const parts = [0, 1, 2].map((index) => Number.parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16))
  return `#${parts.map((part) => Math.round(part + (toward - part) * amount).toString(16).padStart(2, '0')).join('')}`
}

/** `color`, moved toward black (on a light background) or white (on a dark one) until it reads at `ratio`. */
export function readableOn(color: string, background: string, ratio = 4.6): string {
  const toward = relativeLuminance(background) > 0.18 ? 0 : 255
  let candidate = color.toLowerCase()
  for (let step = 1; contrastRatio(candidate, background) < ratio && step <= 50; step++) candidate = mix(color.toLowerCase(), toward, step / 50)
  return candidate
}

type ContrastVariables = ReturnType<CSSVariablesResolver>

/**
 * The CSS variables that carry the recomputed colours, per colour scheme. Mantine asks on every render of its
 * provider (which follows the live state); the palette does not change, so each theme's answer is kept.
 */
const computed = new WeakMap<Parameters<CSSVariablesResolver>[0], ContrastVariables>()
export const contrastVariables: CSSVariablesResolver = (resolved) => {
  let variables = computed.get(resolved)
  if (!variables) {
    variables = computeContrastVariables(resolved)
    computed.set(resolved, variables)
  }
  return variables
}

function computeContrastVariables(resolved: Parameters<CSSVariablesResolver>[0]): ContrastVariables {
  const light: Record<string, string> = {}
  for (const [name, shades] of Object.entries(resolved.colors)) {
    if (name === 'dark') continue
    const tint = shades[0]
    // Light variant (badges, alerts, the active navigation item): the palest tint behind a text dark enough for it.
    light[`--mantine-color-${name}-light`] = tint
    light[`--mantine-color-${name}-light-hover`] = shades[1]
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], shades[1])
  }
  const gray = resolved.colors.gray
  const dark = resolved.colors.dark
  return {
    variables: {},
    // Secondary text sits on white, on pale grey and on pale tints.
    light: { ...light, '--mantine-color-dimmed': readableOn(gray[6], resolved.colors.bay?.[1] ?? gray[2]) },
    // …and on the dark cards and the tinted dark badges.
    dark: {
      '--mantine-color-dimmed': readableOn(dark[2], dark[5]),
      '--mantine-color-anchor': readableOn(resolved.colors.bay?.[4] ?? resolved.colors.blue[4], dark[5]),
    },
  }
}
