import { Stack, Text, type MantineSize } from '@mantine/core'

/** A labelled figure (files done, speed, next check): the label small and dimmed above, the value bold. */
export function Stat({ label, value, testId, size = 'lg' }: { readonly label: string; readonly value: string; readonly testId?: string; readonly size?: MantineSize }): React.JSX.Element {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size={size} fw={size === 'lg' ? 650 : 600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  )
}
