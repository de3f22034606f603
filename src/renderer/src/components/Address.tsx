import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { shortAddress } from '../format/address'

interface AddressProps {
  readonly address: string
  readonly full?: boolean
  readonly size?: 'xs' | 'sm' | 'md'
  readonly copyable?: boolean
}

/** An Ethereum address in monospace, shortened unless `full`, with a copy button. */
export function Address({ address, full = false, size = 'sm', copyable = true }: AddressProps): React.JSX.Element {
  return (
    <Group gap={4} wrap="nowrap" component="span" style={{ minWidth: 0 }}>
      <Text ff="monospace" size={size} title={address} truncate="end" component="span" data-address={address}>
        {full ? address : shortAddress(address)}
      </Text>
      {copyable && (
        <CopyButton value={address} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy address'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label="Copy address">
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  )
}
