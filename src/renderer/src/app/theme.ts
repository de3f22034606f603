// The Mantine theme: the brand colour, the font stack, and the defaults every card, paper and tooltip shares.

import { createTheme, type MantineColorsTuple } from '@mantine/core'

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
  primaryShade: { light: 7, dark: 5 },
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
  },
})
