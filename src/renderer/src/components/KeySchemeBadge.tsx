import { Badge, Tooltip } from '@mantine/core'

const text = {
  v2: { label: 'v2 key', color: 'teal', tip: 'A wallet-protected key (encryption v2): unlocks with a signature.' },
  legacy: { label: 'Legacy key', color: 'orange', tip: 'An old MetaMask-encrypted key: usable only from an exported key file, or replace it.' },
  none: { label: 'No key', color: 'gray', tip: 'This account has no encryption key yet.' },
  unknown: { label: 'Unknown', color: 'gray', tip: 'Sign in to see the key.' },
} as const

export function KeySchemeBadge({ scheme }: { readonly scheme: keyof typeof text }): React.JSX.Element {
  const { label, color, tip } = text[scheme]
  return (
    <Tooltip label={tip} multiline maw={280}>
      <Badge variant="light" color={color} data-testid="key-scheme" data-scheme={scheme}>
        {label}
      </Badge>
    </Tooltip>
  )
}
