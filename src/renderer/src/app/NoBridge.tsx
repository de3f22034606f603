import { Center, MantineProvider, Stack, Text, Title } from '@mantine/core'
import { theme } from './theme'

/** Shown when the page was opened without Electron's preload or the preview bridge (e.g. a plain vite server). */
export function NoBridge(): React.JSX.Element {
  return (
    <MantineProvider theme={theme}>
      <Center h="100vh" p="xl">
        <Stack maw={480} gap="sm" role="alert">
          <Title order={1} size="h3">NumerBay Desktop cannot reach its background service</Title>
          <Text c="dimmed">
            This page needs the desktop app, or the browser preview started with <code>npm run browser</code>, which prints the address to open.
          </Text>
        </Stack>
      </Center>
    </MantineProvider>
  )
}
