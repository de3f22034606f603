import { Group, Stack, Text } from '@mantine/core'

interface SettingRowProps {
  readonly title: string
  readonly description?: React.ReactNode
  readonly children: React.ReactNode
}

/** A setting: what it is on the left, its control on the right (stacked on narrow windows). */
export function SettingRow({ title, description, children }: SettingRowProps): React.JSX.Element {
  return (
    <Group justify="space-between" align="flex-start" gap="lg" wrap="wrap" py="sm">
      <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      <div style={{ flex: '1 1 280px', minWidth: 0, maxWidth: 420 }}>{children}</div>
    </Group>
  )
}
