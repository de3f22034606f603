// Errors any module may raise: an internal fault, a bad argument or command line, a cancellation, a timeout.

import type { ErrorCatalog } from './catalog'

export const generalErrors = {
  INTERNAL: {
    message: 'Something went wrong inside NumerBay Desktop.',
    action: 'Try again. If it keeps happening, report it with the steps that led to it.',
  },
  INVALID_ARGUMENT: {
    message: 'The request was not valid.',
    action: 'Check the values you entered and try again.',
  },
  USAGE: {
    message: 'The command was not used correctly.',
    action: 'Run the command with --help to see its options.',
  },
  CANCELLED: {
    message: 'Cancelled.',
    action: 'Start again when you are ready.',
    expected: true,
  },
  TIMEOUT: {
    message: 'The operation took too long and was stopped.',
    action: 'Check your connection or device and try again.',
  },
} as const satisfies ErrorCatalog
