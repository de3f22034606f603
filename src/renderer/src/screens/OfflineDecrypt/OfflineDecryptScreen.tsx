import { Button, Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLockOpen, IconPlayerStop } from '@tabler/icons-react'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { FolderField } from '../../components/FolderField'
import { ScreenHeader } from '../../components/ScreenHeader'
import { formatBytes } from '../../format/bytes'
import { isUnlocked } from '../../format/keyState'
import { useCall } from '../../hooks/useCall'
import { DecryptResults } from './DecryptResults'
import { DropZone } from './DropZone'
import { InputList } from './InputList'
import { useOfflineDecrypt, type DecryptKeyChoice } from './OfflineDecryptState'

/** Offline decrypt: its state lives in OfflineDecryptProvider, so leaving the screen loses nothing. */
export function OfflineDecryptScreen(_props: ScreenProps): React.JSX.Element {
  const api = useApi()
  const { key } = useLiveState()
  const work = useOfflineDecrypt()
  const unlocked = isUnlocked(key.value)
  const chooseFiles = useCall(() => api.chooseFiles({ purpose: 'sealed-files', multiple: true, title: 'Choose sealed files' }))
  // Main shows the dialog and keeps the path: the window only learns the file's name and public key.
  const chooseKey = useCall(() => api.chooseDecryptKeyFile())
  const chooseFolder = useCall((title: string) => api.chooseFolder({ title }))

  const keyChoice: DecryptKeyChoice = work.keyChoice ?? (unlocked ? 'unlocked' : 'file')
  const keyReady = keyChoice === 'unlocked' ? unlocked : work.keyFile !== null
  const ready = work.inputs.length > 0 && keyReady && work.outputDir !== null && !work.running
  const progress = work.progress
  const percent = progress && progress.bytesTotal > 0 ? (progress.bytesDone / progress.bytesTotal) * 100 : 0

  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Offline decrypt"
        description="Decrypt sealed files you already downloaded (from numerbay.ai, a script, or another computer), with your unlocked key or a numerbay.json. Nothing goes over the network."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card>
          <Title order={2} size="h4" mb="sm">
            1. Sealed files
          </Title>
          <Stack gap="sm">
            <DropZone
              pathForFile={(file) => api.pathForFile(file)}
              onPaths={work.add}
              onChooseFiles={() => void chooseFiles.run().then((r) => r.ok && work.add(r.value.paths))}
              onChooseFolder={() => void chooseFolder.run('Choose a folder of sealed files').then((r) => r.ok && work.add([r.value.path]))}
              onNoPaths={() =>
                notifications.show({ color: 'gray', title: 'Use the buttons here', message: 'Dropped files have no location in the browser preview. Choose them instead.' })
              }
            />
            <InputList paths={work.inputs} onRemove={work.remove} />
          </Stack>
        </Card>
        <Stack gap="lg">
          <Card>
            <Title order={2} size="h4" mb="sm">
              2. Key
            </Title>
            <Stack gap="sm">
              <SegmentedControl
                value={keyChoice}
                onChange={(value) => work.setKeyChoice(value as DecryptKeyChoice)}
                aria-label="Key to decrypt with"
                data-testid="decrypt-key-source"
                data={[
                  { value: 'unlocked', label: 'Unlocked key', disabled: !unlocked },
                  { value: 'file', label: 'Key file' },
                ]}
              />
              {keyChoice === 'unlocked' ? (
                <Text size="sm" c="dimmed">
                  {unlocked ? 'Uses your unlocked key and the older keys in your keyring.' : 'Your key is locked. Unlock it on the Key screen, or use a key file.'}
                </Text>
              ) : (
                <FolderField
                  label="numerbay.json"
                  kind="key file"
                  path={work.keyFile?.name ?? null}
                  placeholder="Choose your key file"
                  onChoose={() => void chooseKey.run().then((r) => r.ok && work.setKeyFile(r.value))}
                  choosing={chooseKey.running}
                  testId="decrypt-key-file"
                />
              )}
            </Stack>
          </Card>
          <Card>
            <Title order={2} size="h4" mb="sm">
              3. Output folder
            </Title>
            <FolderField
              label="Decrypted files go to"
              kind="output folder"
              path={work.outputDir}
              onChoose={() => void chooseFolder.run('Where should decrypted files go?').then((r) => r.ok && work.setOutputDir(r.value.path))}
              testId="decrypt-output"
            />
          </Card>
        </Stack>
      </SimpleGrid>

      <Card>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed">
            {work.inputs.length === 0 ? 'Add files to decrypt.' : `${work.inputs.length} item${work.inputs.length === 1 ? '' : 's'} to decrypt.`} Existing files in the output folder are never
            overwritten unless you say so.
          </Text>
          <Group gap="xs">
            {work.running && progress && (
              <Button variant="subtle" color="red" leftSection={<IconPlayerStop size={16} />} onClick={work.stop}>
                Stop
              </Button>
            )}
            <Button leftSection={<IconLockOpen size={18} />} disabled={!ready} loading={work.running} onClick={work.start} data-testid="decrypt-start">
              Decrypt
            </Button>
          </Group>
        </Group>
        {work.running && (
          <Stack gap={4} mt="md" data-testid="decrypt-progress">
            <Progress value={percent} animated aria-label="Decryption progress" />
            <Text size="xs" c="dimmed">
              {progress ? `${progress.filesDone} of ${progress.filesTotal} files · ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}${progress.current ? ` · ${progress.current}` : ''}` : 'Starting…'}
            </Text>
          </Stack>
        )}
        {work.error && (
          <Stack mt="md">
            <ErrorNotice error={work.error} onClose={work.clearError} />
          </Stack>
        )}
      </Card>
      <DecryptResults results={work.results} onExisting={work.running ? undefined : work.resolveExisting} />
    </Stack>
  )
}
