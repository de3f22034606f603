import { useApi } from '../app/ApiContext'
import { useCall } from './useCall'

export interface ChooseDownloadDir {
  /** Main's folder dialog, then the choice saved as the download folder: the path, or null (cancelled, failed). */
  pick(): Promise<string | null>
  /** The dialog is open or the setting is being saved. */
  readonly running: boolean
}

/**
 * "Choose a folder" for the download folder: the window never names a folder itself, main's dialog does, and the
 * folder picked there becomes the `downloadDir` setting (failures are notified by useCall).
 */
export function useChooseDownloadDir(title: string): ChooseDownloadDir {
  const api = useApi()
  const chooseFolder = useCall(() => api.chooseFolder({ title }))
  const saveFolder = useCall((path: string) => api.updateSettings({ downloadDir: path }))
  return {
    async pick() {
      const chosen = await chooseFolder.run()
      if (!chosen.ok) return null
      const saved = await saveFolder.run(chosen.value.path)
      return saved.ok ? chosen.value.path : null
    },
    running: chooseFolder.running || saveFolder.running,
  }
}
