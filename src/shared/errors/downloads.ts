// Download and sync errors (owned by src/main/downloads): the words and the action for each code.

import type { ErrorCatalog } from './catalog'

export const downloadErrors = {
  DOWNLOAD_NOT_SEALED_TO_KEY: {
    message: 'This file is sealed to a key you do not hold.',
    action: 'Import the numerbay.json of that key (key import), or ask the seller to upload the file again for your current key.',
  },
  DOWNLOAD_NO_LONGER_AVAILABLE: {
    message: 'This file is no longer available on NumerBay.',
    action: 'Files can be downloaded only while your order is confirmed and covers the current selling round.',
    expected: true,
  },
  DOWNLOAD_URL_REFUSED: {
    message: 'The storage server refused the download link, even a fresh one.',
    action: 'Check that your computer clock is right, then run the sync again.',
  },
  DOWNLOAD_NOT_FOUND: {
    message: 'The file is missing on the storage server.',
    action: 'It may have been pruned after its round; ask the seller, or run the sync again later.',
  },
  DOWNLOAD_HTTP_ERROR: {
    message: 'The storage server answered the download with an error.',
    action: 'Run the sync again in a few minutes; finished files are kept.',
  },
  DOWNLOAD_NETWORK: {
    message: 'The download was interrupted by the network and did not recover.',
    action: 'Check your connection and run the sync again; it resumes where it stopped.',
  },
  DOWNLOAD_CONNECTION_LOST: {
    message: 'No data arrived for too long, through every retry, so this file was stopped.',
    action: 'Check your connection (and that the server is up), then retry it; it resumes where it stopped.',
  },
  DOWNLOAD_TOO_SLOW: {
    message: 'The storage server sent this file too slowly, so it was stopped (each file has a time limit set by its size).',
    action: 'Run the sync again later; it resumes where it stopped.',
  },
  DOWNLOAD_INSECURE_URL: {
    message: 'NumerBay gave a download link that is not HTTPS, so it was not used.',
    action: 'Check the API address setting; only a local test server may use http://.',
  },
  DOWNLOAD_CHECKSUM_MISMATCH: {
    message: 'The downloaded file does not match the checksum the storage server gave for it, even on a second try.',
    action: 'Nothing was saved under its name. Run the sync again later; if it keeps failing, tell the seller the file may be damaged on NumerBay.',
  },
  DOWNLOAD_BAD_RESPONSE: {
    message: 'The storage server sent an answer that does not fit the request (wrong range or size).',
    action: 'Run the sync again; the file will be fetched from the start.',
  },
  SYNC_RUNNING: {
    message: 'A sync is already running.',
    action: 'Wait for it to finish, or pause or cancel it on the Downloads screen, then start again.',
  },
  SYNC_FOLDER_BUSY: {
    message: 'Another sync is already writing to this folder.',
    action: 'Wait for it to finish, or stop it, then try again.',
  },
  SYNC_MANIFEST_INVALID: {
    message: 'The sync record in this folder (.numerbay-sync.json) is damaged.',
    action: 'It was set aside; files will be checked and fetched again as needed.',
  },
  SYNC_INCOMPLETE: {
    message: 'Some files were not downloaded.',
    action: 'See the messages above; run the sync again to retry them (finished files are kept).',
  },
  SYNC_NO_KEY: {
    message: 'There is no key to decrypt your files with.',
    action: 'Unlock your key with --signer, or give your numerbay.json with --key.',
  },
} as const satisfies ErrorCatalog
