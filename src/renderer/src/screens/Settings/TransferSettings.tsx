import { Card, Divider, Slider } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { Settings } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useLiveState } from '../../app/LiveState'
import { FolderField } from '../../components/FolderField'
import { useCall } from '../../hooks/useCall'
import { SettingRow } from './SettingRow'
import { CardTitle } from '../../components/CardTitle'
import { manualSyncBlocked } from '../Downloads/watchView'

/** Where downloads go and how many run at once. */
export function TransferSettings({ settings }: { readonly settings: Settings }): React.JSX.Element {
  const api = useApi()
  // The watch keeps the folder it started with: changing it waits until watching stops.
  const watching = manualSyncBlocked(useLiveState().watch.value)
  const choose = useCall(() => api.chooseFolder({ title: 'Where should purchases be saved?' }))
  const update = useCall((patch: Partial<Settings>) => api.updateSettings(patch))
  const [concurrency, setConcurrency] = useState(settings.concurrency)
  useEffect(() => setConcurrency(settings.concurrency), [settings.concurrency])

  return (
    <Card>
      <CardTitle icon={IconDownload} mb="xs">Downloads</CardTitle>
      <SettingRow title="Download folder" description="Each product gets a folder, each round a subfolder.">
        <FolderField
          label="Folder"
          path={settings.downloadDir}
          onChoose={() => void choose.run().then((r) => (r.ok ? update.run({ downloadDir: r.value.path }) : undefined))}
          choosing={choose.running || update.running}
          testId="settings-download-dir"
          disabledReason={watching}
        />
      </SettingRow>
      <Divider />
      <SettingRow title="Files at the same time" description="More is faster on a fast connection; 4 suits most.">
        <Slider
          min={1}
          max={16}
          step={1}
          value={concurrency}
          onChange={setConcurrency}
          onChangeEnd={(value) => void update.run({ concurrency: value })}
          marks={[{ value: 1, label: '1' }, { value: 4, label: '4' }, { value: 8, label: '8' }, { value: 16, label: '16' }]}
          label={(value) => `${value} files`}
          thumbLabel="Files downloaded at the same time"
          mb="lg"
          data-testid="settings-concurrency"
        />
      </SettingRow>
    </Card>
  )
}
