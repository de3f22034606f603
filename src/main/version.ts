/** The app's version (package.json), for the CLI's --version, the doctor and the support bundle. */
import { version } from '../../package.json'

export const APP_VERSION: string = version
