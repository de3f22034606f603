import { describe, expect, it } from 'vitest'
import { createMainWindow, mainWindowOptions, secureWebPreferences } from '../../../src/main/app/window'

describe('window webPreferences', () => {
  it('isolates and demo servers every window, with no Node and no webview', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs')
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
    })
  })

  it('creates the main window with those preferences and loads the renderer URL', () => {
    const created: Array<{ options: unknown; loaded: string | null }> = []
    class FakeWindow {
      loaded: string | null = null
      constructor(readonly options: unknown) {
        created.push(this as unknown as { options: unknown; loaded: string | null })
      }
      once(): void {}
      show(): void {}
      loadURL(url: string): Promise<void> {
        this.loaded = url
        return Promise.resolve()
      }
    }
    createMainWindow(FakeWindow as never, '/p.cjs', 'app://numerbay/index.html')
    expect(created).toHaveLength(1)
    expect(created[0]!.options).toEqual(mainWindowOptions('/p.cjs'))
    expect((created[0]!.options as { webPreferences: unknown }).webPreferences).toEqual(secureWebPreferences('/p.cjs'))
    expect(created[0]!.loaded).toBe('app://numerbay/index.html')
  })
})
