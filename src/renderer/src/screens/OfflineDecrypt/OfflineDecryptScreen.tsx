import { Button, Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLockOpen, IconPlayerStop } from '@tabler/icons-react'
import { useState } from 'react'
import type { ChosenKeyFile, DecryptArgs, DecryptFileResult, DecryptProgress } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { ErrorNotice } from '../../components/ErrorNotice'
import { FolderField } from '../../components/FolderField'
import { ScreenHeader } from '../../components/ScreenHeader'
import { formatBytes } from '../../format/bytes'
import { isUnlocked } from '../../format/keyState'
import { useCall } from '../../hooks/useCall'
import { useEvent } from '../../hooks/useEvent'
import { DecryptResults } from './DecryptResults'
import { DropZone } from './DropZone'
import { InputList } from './InputList'

type KeySource = 'unlocked' | 'file'

export function OfflineDecryptScreen(_props: ScreenProps): React.JSX.Element {
  const api = useApi()
  const { key } = useLiveState()
  const unlocked = isUnlocked(key.value)
  const [inputs, setInputs] = useState<string[]>([])
  const [keySource, setKeySource] = useState<KeySource>(unlocked ? 'unlocked' : 'file')
  const [keyFile, setKeyFile] = useState<ChosenKeyFile | null>(null)
  const [outputDir, setOutputDir] = useState<string | null>(null)
  const [progress, setProgress] = useState<DecryptProgress | null>(null)
  const [live, setLive] = useState<DecryptFileResult[]>([])
  const chooseFiles = useCall(() => api.chooseFiles({ purpose: 'sealed-files', multiple: true, title: 'Choose sealed files' }))
  // Main shows the dialog and keeps the path: the window only learns the file's name and public key.
  const chooseKey = useCall(() => api.chooseDecryptKeyFile())
  const chooseFolder = useCall((title: string) => api.chooseFolder({ title }))
  const decrypt = useCall((args: DecryptArgs) => api.decryptFiles(args), { notify: false })
  const cancel = useCall((runId: string) => api.cancelDecrypt({ runId }))

  useEvent(api.onDecryptProgress, (event) => {
    if (!decrypt.running) return
    setProgress(event)
    const result = event.lastResult
    if (result) setLive((previous) => (previous.some((r) => r.input === result.input) ? previous : [...previous, result]))
  })

  const add = (paths: readonly string[]): void => setInputs((previous) => [...previous, ...paths.filter((path) => !previous.includes(path))])
  const keyReady = keySource === 'unlocked' ? unlocked : keyFile !== null
  const ready = inputs.length > 0 && keyReady && outputDir !== null

  const run = (): void => {
    if (!outputDir) return
    setProgress(null)
    setLive([])
    void decrypt.run({ inputs, outputDir, keySource: keySource === 'file' ? 'key-file' : 'vault' })
  }
  const results = decrypt.value?.results ?? live
  const percent = progress && progress.bytesTotal > 0 ? (progress.bytesDone / progress.bytesTotal) * 100 : 0

  return (
    <Stack gap="lg">
      <ScreenHeader
        title="Offline decrypt"
        description="Decrypt sealed files you already downloaded (from numerbay.ai, a script, or another computer), with your unlocked key or a numerbay.json. Nothing goes over the network."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card>
          <Title order={4} mb="sm">
            1. Sealed files
          </Title>
          <Stack gap="sm">
            <DropZone
              pathForFile={(file) => api.pathForFile(file)}
              onPaths={add}
              onChooseFiles={() => void chooseFiles.run().then((r) => r.ok && add(r.value.paths))}
              onChooseFolder={() => void chooseFolder.run('Choose a folder of sealed files').then((r) => r.ok && add([r.value.path]))}
              onNoPaths={() =>
                notifications.show({ color: 'gray', title: 'Use the buttons here', message: 'Dropped files have no location in the browser preview. Choose them instead.' })
              }
            />
            <InputList paths={inputs} onRemove={(path) => setInputs(inputs.filter((p) => p !== path))} />
          </Stack>
        </Card>
        <Stack gap="lg">
          <Card>
            <Title order={4} mb="sm">
              2. Key
            </Title>
            <Stack gap="sm">
              <SegmentedControl
                value={keySource}
                onChange={(value) => setKeySource(value as KeySource)}
                aria-label="Key to decrypt with"
                data-testid="decrypt-key-source"
                data={[
                  { value: 'unlocked', label: 'Unlocked key', disabled: !unlocked },
                  { value: 'file', label: 'Key file' },
                ]}
              />
              {keySource === 'unlocked' ? (
                <Text size="sm" c="dimmed">
                  {unlocked ? 'Uses your unlocked key and the older keys in your keyring.' : 'Your key is locked. Unlock it on the Key screen, or use a key file.'}
                </Text>
              ) : (
                <FolderField label="numerbay.json" path={keyFile?.name ?? null} placeholder="Choose your key file" onChoose={() => void chooseKey.run().then((r) => r.ok && setKeyFile(r.value))} choosing={chooseKey.running} testId="decrypt-key-file" />
              )}
            </Stack>
          </Card>
          <Card>
            <Title order={4} mb="sm">
              3. Output folder
            </Title>
            <FolderField label="Decrypted files go to" path={outputDir} onChoose={() => void chooseFolder.run('Where should decrypted files go?').then((r) => r.ok && setOutputDir(r.value.path))} testId="decrypt-output" />
          </Card>
        </Stack>
      </SimpleGrid>

      <Card>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed">
            {inputs.length === 0 ? 'Add files to decrypt.' : `${inputs.length} item${inputs.length === 1 ? '' : 's'} to decrypt.`} Existing files in the output folder are never overwritten.
          </Text>
          <Group gap="xs">
            {decrypt.running && progress && (
              <Button variant="subtle" color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => void cancel.run(progress.runId)} loading={cancel.running}>
                Stop
              </Button>
            )}
            <Button leftSection={<IconLockOpen size={18} />} disabled={!ready} loading={decrypt.running} onClick={run} data-testid="decrypt-start">
              Decrypt
            </Button>
          </Group>
        </Group>
        {decrypt.running && (
          <Stack gap={4} mt="md" data-testid="decrypt-progress">
            <Progress value={percent} animated aria-label="Decryption progress" />
            <Text size="xs" c="dimmed">
              {progress ? `${progress.filesDone} of ${progress.filesTotal} files · ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}${progress.current ? ` · ${progress.current}` : ''}` : 'Starting…'}
            </Text>
          </Stack>
        )}
        {decrypt.error && (
          <Stack mt="md">
            <ErrorNotice error={decrypt.error} onClose={decrypt.reset} />
          </Stack>
        )}
      </Card>
      <DecryptResults results={results} />
    </Stack>
  )
}
