import { Text, type TextProps } from '@mantine/core'

/**
 * A file path cut at the start when too long ("…/NumerBay/alpha/882/file.csv"): the end of a path is the part
 * people recognise. The LRM marks keep slashes in place under the right-to-left trick truncation uses.
 */
export function PathText({ path, ...props }: { readonly path: string } & TextProps & { readonly 'data-testid'?: string }): React.JSX.Element {
  return (
    <Text ff="monospace" truncate="start" title={path} data-path={path} {...props}>
      {`\u200E${path}\u200E`}
    </Text>
  )
}
