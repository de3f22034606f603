/**
 * A palette colour for small text, readable on the window's background in both themes (the "light" variant's
 * text colour, which the theme sets to at least 4.5:1; see app/theme.ts). `c="red"` alone is 3.3:1 on white.
 */
export function tone(color: 'red' | 'teal' | 'orange' | 'yellow' | 'bay' | 'green' | 'grape'): string {
  return `var(--mantine-color-${color}-light-color)`
}
