import { Alert, Badge, Box, Button, Card, Checkbox, Code, Group, List, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconEye, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import type { WatchStateView } from '../../../../shared/ipc'
import { useApi } from '../../app/ApiContext'
import { useDownloads } from '../../app/DownloadsState'
import { useLiveState } from '../../app/LiveState'
import type { ScreenProps } from '../../app/screens'
import { CardTitle } from '../../components/CardTitle'
import { ErrorNotice } from '../../components/ErrorNotice'
import { PathText } from '../../components/PathText'
import { Stat } from '../../components/Stat'
import { useCall } from '../../hooks/useCall'
import { useChooseDownloadDir } from '../../hooks/useChooseDownloadDir'
import { useNow } from '../../hooks/useNow'
import { intervalText, lastCheckText, lineTime, missedText, nextCheckText, problemFix, roundText, waitingText, watchBlocker } from './watchView'

/**
 * "Keep this folder in sync" for the download folder: start and stop, the explicit choice to keep the key
 * unlocked, and the watch's state and reports as main sends them. The window names neither the folder (main uses
 * the download folder) nor a program to run: hooks are the CLI's.
 */
export function WatchCard({ onNavigate }: ScreenProps): React.JSX.Element {
  const api = useApi()
  const { watch: live, settings, session, key } = useLiveState()
  const downloads = useDownloads()
  const watch = live.value
  const start = useCall((keepUnlocked: boolean) => api.startWatch({ keepUnlocked }), { notify: false })
  const stop = useCall(() => api.stopWatch(), { notify: false })
  const folderPicker = useChooseDownloadDir('Which folder should be kept in sync?')
  const [keepUnlocked, setKeepUnlocked] = useState(false)
  const on = watch !== undefined && watch.state !== 'off'
  const now = useNow(1000, on)
  useEffect(() => {
    // While watching, the box shows the choice it was started with.
    if (watch && watch.state !== 'off') setKeepUnlocked(watch.keepUnlocked)
  }, [watch])

  const downloadDir = settings.value?.downloadDir ?? null
  const blocker = on ? null : watchBlocker({ signedIn: !!session.value?.account, downloadDir, key: key.value, syncRunning: downloads.value?.running ?? false })
  const folder = on ? (watch.destination ?? downloadDir) : downloadDir

  const toggle = async (): Promise<void> => {
    start.reset()
    stop.reset()
    if (on) await stop.run()
    else await start.run(keepUnlocked)
  }

  return (
    <Card component="section" data-testid="watch-card" data-state={watch?.state ?? 'loading'} aria-labelledby="watch-card-title">
      <Group justify="space-between" wrap="wrap" gap="sm" mb="xs">
        <Group gap="xs">
          <Box id="watch-card-title">
            <CardTitle icon={IconEye}>Keep this folder in sync</CardTitle>
          </Box>
          {on && (
            <Badge color={watch.state === 'stopping' ? 'gray' : 'teal'} variant="light" data-testid="watch-badge">
              {watch.state === 'stopping' ? 'Stopping' : 'Watching'}
            </Badge>
          )}
        </Group>
        <Button
          size="sm"
          variant={on ? 'default' : 'filled'}
          leftSection={on ? <IconPlayerStop size={16} /> : <IconPlayerPlay size={16} />}
          onClick={() => void toggle()}
          loading={start.running || stop.running || watch?.state === 'stopping'}
          disabled={!watch || blocker !== null}
          title={blocker?.reason}
          // The visible words first (speech commands), then why it waits.
          aria-label={on ? 'Stop syncing' : `Start syncing${blocker ? ` (${blocker.reason})` : ''}`}
          data-testid="watch-toggle"
        >
          {on ? 'Stop syncing' : 'Start syncing'}
        </Button>
      </Group>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The app checks NumerBay {intervalText(on ? watch.intervalMs : 0)} and downloads and decrypts each new file of your active orders as
          soon as its seller uploads it, into the same folder and layout as a sync. Files must arrive before the round ends: after the
          rollover they are gone.
        </Text>
        {folder ? <PathText path={folder} size="sm" data-testid="watch-folder" /> : null}

        {blocker && (
          <Group gap="xs" wrap="wrap" data-testid="watch-blocked">
            <Text size="sm">{blocker.reason}</Text>
            {blocker.fix !== 'wait' && (
              <Button
                size="compact-sm"
                variant="light"
                loading={folderPicker.running}
                onClick={() => (blocker.fix === 'choose-folder' ? void folderPicker.pick() : onNavigate(blocker.screen))}
              >
                {blocker.label}
              </Button>
            )}
          </Group>
        )}

        <Checkbox
          checked={keepUnlocked}
          onChange={(event) => setKeepUnlocked(event.currentTarget.checked)}
          disabled={on}
          label="Keep my key unlocked while syncing"
          description="Auto-lock pauses while the folder is kept in sync and resumes when syncing stops. Without this, once the key locks itself, files sealed to your key wait until you unlock it again."
          data-testid="watch-keep-unlocked"
        />

        <ErrorNotice error={start.error ?? stop.error} onClose={() => (start.reset(), stop.reset())} />
        {watch && <WatchStatus watch={watch} now={now} onNavigate={onNavigate} />}

        <Text size="xs" c="dimmed" data-testid="watch-hooks-note">
          To run a program for each new file (a hook, for example an upload to Numerai), use the command line:{' '}
          <Code>numerbay-desktop watch --out DIR --key numerbay.json --exec PROGRAM</Code>. The app itself never runs programs: a command chosen in this window
          would let a compromised page run code on your computer. See “Watch mode” in the user guide (docs/user/watch.md).
        </Text>
      </Stack>
    </Card>
  )
}

/** Next and last check, the round, orders waiting and missed, the last problem, and the reports. */
function WatchStatus({ watch, now, onNavigate }: { readonly watch: WatchStateView; readonly now: number } & ScreenProps): React.JSX.Element | null {
  const on = watch.state !== 'off'
  if (!on && watch.recent.length === 0 && !watch.lastProblem) return null
  const fix = watch.lastProblem ? problemFix(watch.lastProblem) : null
  return (
    <Stack gap="sm" data-testid="watch-status">
      {on && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Stat label="Next check" value={nextCheckText(watch, now)} testId="watch-next-check" size="sm" />
          <Stat label="Last check" value={lastCheckText(watch, now)} testId="watch-last-check" size="sm" />
          <Stat label="Selling round" value={roundText(watch)} testId="watch-round" size="sm" />
          <Stat label="Waiting for the seller" value={String(watch.waiting.length)} testId="watch-waiting-count" size="sm" />
        </SimpleGrid>
      )}
      {watch.lastProblem && (
        <Alert variant="light" color="orange" icon={<IconAlertTriangle />} title={watch.lastProblem.message} role="status" data-testid="watch-problem" data-error-code={watch.lastProblem.code}>
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm">
              {watch.lastProblem.action}
              {on && watch.nextCheckAt !== null ? ` It is tried again at the next check (${nextCheckText(watch, now).toLowerCase()}).` : ''}
            </Text>
            {fix && (
              <Button size="xs" variant="light" onClick={() => onNavigate(fix.screen)}>
                {fix.label}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {watch.waiting.length > 0 && (
        <Box data-testid="watch-waiting">
          <Text size="sm" fw={600}>
            Orders waiting for the seller
          </Text>
          <List size="sm" spacing={2}>
            {watch.waiting.map((order) => (
              <List.Item key={order.orderId}>{waitingText(order)}</List.Item>
            ))}
          </List>
        </Box>
      )}
      {watch.missed.length > 0 && (
        <Box data-testid="watch-missed">
          <Text size="sm" fw={600}>
            Missed files: earlier rounds that got no file
          </Text>
          <List size="sm" spacing={2}>
            {watch.missed.map((order) => (
              <List.Item key={`${order.orderId}:${order.round}`}>{missedText(order)}</List.Item>
            ))}
          </List>
        </Box>
      )}
      {watch.recent.length > 0 && <RecentLines lines={watch.recent} />}
    </Stack>
  )
}

/** The reports, newest last, kept scrolled to the newest; a polite live region so new lines are read out. */
function RecentLines({ lines }: { readonly lines: WatchStateView['recent'] }): React.JSX.Element {
  const viewport = useRef<HTMLDivElement>(null)
  const newest = lines.at(-1)?.at
  useEffect(() => {
    const element = viewport.current
    if (element && typeof element.scrollTo === 'function') element.scrollTo({ top: element.scrollHeight })
  }, [lines.length, newest])
  return (
    <Box>
      <Text size="sm" fw={600} id="watch-recent-title">
        Reports
      </Text>
      <ScrollArea.Autosize mah={180} viewportRef={viewport} type="auto" offsetScrollbars>
        <Box role="log" aria-live="polite" aria-labelledby="watch-recent-title" tabIndex={0} data-testid="watch-recent">
          {lines.map((line, index) => (
            <Text key={`${line.at}:${index}`} size="xs" ff="monospace" data-kind={line.kind} data-testid="watch-line">
              <Text span size="xs" ff="monospace" c="dimmed">
                {lineTime(line.at)}
              </Text>{' '}
              {line.text}
            </Text>
          ))}
        </Box>
      </ScrollArea.Autosize>
    </Box>
  )
}
