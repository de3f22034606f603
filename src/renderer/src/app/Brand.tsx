// The brand mark in the header.

import { Group, Text, ThemeIcon } from '@mantine/core'
import { IconBox } from '@tabler/icons-react'

export function Brand(): React.JSX.Element {
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon size={34} radius="md" variant="gradient" gradient={{ from: 'bay.8', to: 'cyan.6', deg: 135 }} aria-hidden>
        <IconBox size={20} stroke={1.8} />
      </ThemeIcon>
      <div>
        <Text fw={700} size="md" lh={1.1}>
          NumerBay
        </Text>
        <Text size="xs" c="dimmed" lh={1.1}>
          Desktop
        </Text>
      </div>
    </Group>
  )
}
