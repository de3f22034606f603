import { Group, Loader, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconAppWindow, IconCheck, IconCircleCheck, IconLockOpen, IconUsb } from '@tabler/icons-react'

const steps = [
  { label: 'Plug in your Ledger', icon: IconUsb },
  { label: 'Unlock it with your PIN', icon: IconLockOpen },
  { label: 'Open the Ethereum app', icon: IconAppWindow },
  { label: 'Ready to sign', icon: IconCircleCheck },
] as const

/** Plug in → unlock → open the Ethereum app → ready, with the current step highlighted. */
export function DeviceChecklist({ step, problem }: { readonly step: number; readonly problem: boolean }): React.JSX.Element {
  return (
    <Stack gap={10} component="ol" aria-label="Ledger checklist" p={0} m={0} style={{ listStyle: 'none' }}>
      {steps.map(({ label, icon: Icon }, index) => {
        const done = index < step || step === steps.length
        const current = index === step && step < steps.length
        const color = done ? 'teal' : current ? (problem ? 'orange' : 'bay') : 'gray'
        return (
          <Group component="li" key={label} gap="sm" wrap="nowrap" aria-current={current ? 'step' : undefined} data-done={done}>
            <ThemeIcon radius="xl" size={30} variant={done ? 'filled' : current ? 'light' : 'default'} color={color}>
              {done ? <IconCheck size={16} /> : <Icon size={16} />}
            </ThemeIcon>
            <Text size="sm" fw={current ? 600 : 400} c={done || current ? undefined : 'dimmed'}>
              {label}
            </Text>
            {current && !problem && <Loader size={14} type="dots" aria-hidden />}
          </Group>
        )
      })}
    </Stack>
  )
}
