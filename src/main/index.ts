// Electron entry. Everything Electron-specific lives in ./app; the rest of src/main is plain Node.
import { startDesktopApp } from './app/start'

startDesktopApp()
