import { Group, Stack, Text, Title } from '@mantine/core'

interface ScreenHeaderProps {
  readonly title: string
  readonly description?: React.ReactNode
  readonly actions?: React.ReactNode
}

/** The title block at the top of every screen, with its main actions on the right. */
export function ScreenHeader({ title, description, actions }: ScreenHeaderProps): React.JSX.Element {
  return (
    <Group justify="space-between" align="flex-end" gap="md" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm" maw={720}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && (
        <Group gap="sm" wrap="wrap">
          {actions}
        </Group>
      )}
    </Group>
  )
}
