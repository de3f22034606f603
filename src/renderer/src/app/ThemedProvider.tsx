import { MantineProvider } from '@mantine/core'
import { useColorScheme } from '@mantine/hooks'
import { useLiveState } from './LiveState'
import { contrastVariables, theme } from './theme'

/** Mantine with the theme setting applied: light, dark, or the system's choice ("auto"). */
export function ThemedProvider({ children }: { readonly children: React.ReactNode }): React.JSX.Element {
  const { settings } = useLiveState()
  const system = useColorScheme('light')
  const choice = settings.value?.theme ?? 'auto'
  const scheme = choice === 'auto' ? system : choice
  return (
    <MantineProvider theme={theme} forceColorScheme={scheme} cssVariablesResolver={contrastVariables}>
      {children}
    </MantineProvider>
  )
}
