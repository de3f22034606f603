import { Button, Group, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconFileUpload, IconFiles, IconFolder } from '@tabler/icons-react'
import { useState } from 'react'

interface DropZoneProps {
  /** Paths of dropped files; null when the shell cannot tell them (the browser preview). */
  readonly pathForFile: (file: File) => string | null
  readonly onPaths: (paths: string[]) => void
  readonly onChooseFiles: () => void
  readonly onChooseFolder: () => void
  readonly onNoPaths: () => void
}

/** Drop sealed files here (in the desktop app), or choose files or a folder with the system dialog. */
export function DropZone({ pathForFile, onPaths, onChooseFiles, onChooseFolder, onNoPaths }: DropZoneProps): React.JSX.Element {
  const [over, setOver] = useState(false)
  const onDrop = (event: React.DragEvent): void => {
    event.preventDefault()
    setOver(false)
    const paths = [...event.dataTransfer.files].map((file) => pathForFile(file)).filter((path): path is string => !!path)
    if (paths.length > 0) onPaths(paths)
    else onNoPaths()
  }
  return (
    <Stack
      align="center"
      gap="sm"
      p="xl"
      onDragOver={(event) => {
        event.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{
        border: `2px dashed var(--mantine-color-${over ? 'bay-5' : 'default-border'})`,
        borderRadius: 'var(--mantine-radius-lg)',
        background: over ? 'var(--mantine-primary-color-light)' : undefined,
        transition: 'background 120ms, border-color 120ms',
      }}
      data-testid="drop-zone"
    >
      <ThemeIcon size={48} radius="xl" variant="light">
        <IconFileUpload size={26} />
      </ThemeIcon>
      <Text size="sm" ta="center">
        Drop sealed files here, or choose them
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconFiles size={14} />} onClick={onChooseFiles} data-testid="choose-files">
          Choose files…
        </Button>
        <Button variant="default" size="xs" leftSection={<IconFolder size={14} />} onClick={onChooseFolder} data-testid="choose-input-folder">
          Choose a folder…
        </Button>
      </Group>
    </Stack>
  )
}
