import { Group, Title, type MantineSpacing } from '@mantine/core'
import type { Icon } from '@tabler/icons-react'

interface CardTitleProps {
  readonly icon: Icon
  readonly children: React.ReactNode
  /** Space below the title (default none). */
  readonly mb?: MantineSpacing
}

/** The icon and title that head every card. */
export function CardTitle({ icon: TitleIcon, children, mb }: CardTitleProps): React.JSX.Element {
  return (
    <Group gap="xs" wrap="nowrap" {...(mb === undefined ? {} : { mb })}>
      <TitleIcon size={20} stroke={1.6} />
      <Title order={2} size="h4">
        {children}
      </Title>
    </Group>
  )
}
