import { Center, Loader, Stack, Text } from '@mantine/core'

/** A centred spinner with a line saying what is being waited for. */
export function LoadingBlock({ label, minHeight = 160 }: { readonly label: string; readonly minHeight?: number }): React.JSX.Element {
  return (
    <Center mih={minHeight} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" type="dots" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  )
}
