import { Badge, NavLink, Stack } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { screens, type ScreenId } from './screens'

export interface NavBadge {
  readonly label: string | number
  readonly color?: string
}

interface NavigationProps {
  readonly current: ScreenId
  readonly onSelect: (id: ScreenId) => void
  /** Small counters or marks per screen (e.g. active downloads). */
  readonly badges?: Partial<Record<ScreenId, NavBadge>>
}

/** The side navigation: every screen, its purpose in one line, and a badge where something is going on. */
export function Navigation({ current, onSelect, badges = {} }: NavigationProps): React.JSX.Element {
  // In a short window the one-line hints go, so every screen stays in view above the footer.
  const roomy = useMediaQuery('(min-height: 760px)', true, { getInitialValueInEffect: false })
  return (
    <Stack gap={4} component="nav" aria-label="Main">
      {screens.map(({ id, label, hint, icon: Icon }) => {
        const badge = badges[id]
        return (
          <NavLink
            key={id}
            component="button"
            type="button"
            active={current === id}
            aria-current={current === id ? 'page' : undefined}
            label={label}
            description={roomy ? hint : undefined}
            title={roomy ? undefined : hint}
            leftSection={<Icon size={20} stroke={1.6} />}
            rightSection={
              badge === undefined ? undefined : (
                <Badge size="sm" variant="light" color={badge.color} circle={typeof badge.label === 'number'} style={{ flexShrink: 0, overflow: 'visible' }} data-testid={`nav-badge-${id}`}>
                  {badge.label}
                </Badge>
              )
            }
            onClick={() => onSelect(id)}
            data-screen={id}
            styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
          />
        )
      })}
    </Stack>
  )
}
