// The renderer's entry: mounts the app once the API is there (the preview's client may install it a moment late),
// else a page that says what is missing.

import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { NoBridge } from './app/NoBridge'
import { getApi, hasApi } from './bridge'

/** The preview bridge may still be installing its client when this module runs: give it a moment. */
async function waitForApi(timeoutMs: number): Promise<boolean> {
  const started = Date.now()
  while (!hasApi() && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 50))
  return hasApi()
}

const root = document.getElementById('root')
if (root) {
  void waitForApi(3000).then((ready) => {
    createRoot(root).render(<StrictMode>{ready ? <App api={getApi()} /> : <NoBridge />}</StrictMode>)
  })
}
