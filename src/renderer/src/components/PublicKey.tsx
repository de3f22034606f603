import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { shortKey } from '../format/address'

/** A public key (base64), shortened, with a copy button so it can be compared with numerbay.ai. */
export function PublicKey({ value }: { readonly value: string }): React.JSX.Element {
  return (
    <Group gap={4} wrap="nowrap">
      <Text ff="monospace" size="sm" title={value} data-testid="public-key" data-value={value}>
        {shortKey(value)}
      </Text>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy public key'}>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label="Copy public key">
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  )
}
