// Settings refuse what they cannot save, with the range or the form that is expected (never clamped silently).
import { describe, expect, it } from 'vitest'
import { apiUrlProblem, autoLockProblem } from '../../../src/renderer/src/screens/Settings/validation'

describe('settings validation', () => {
  it('auto-lock takes whole minutes from 0 (never) to 1440', () => {
    expect(autoLockProblem(-5)).toBe('Auto-lock takes 0 (never) to 1440 minutes (24 hours).')
    expect(autoLockProblem(100_000)).toBe('Auto-lock takes 0 (never) to 1440 minutes (24 hours).')
    expect(autoLockProblem('')).toBe('Enter a number of minutes: 0 (never) to 1440.')
    expect(autoLockProblem('2.5')).toBe('Whole minutes only: 0 (never) to 1440.')
    expect(autoLockProblem(0)).toBeNull()
    expect(autoLockProblem(1440)).toBeNull()
    expect(autoLockProblem('15')).toBeNull()
  })

  it('the API address must be a web address, https unless local', () => {
    expect(apiUrlProblem('numerbay')).toBe('Enter a full web address, such as https://numerbay.ai/backend-api/v1.')
    expect(apiUrlProblem('ftp://numerbay.ai/backend-api/v1')).toBe('Enter a full web address, such as https://numerbay.ai/backend-api/v1.')
    expect(apiUrlProblem('http://numerbay.ai/backend-api/v1')).toBe('Use https:// (http:// only for a server on this computer).')
    expect(apiUrlProblem('  ')).toBe('Enter the address of the NumerBay API.')
    expect(apiUrlProblem('https://numerbay.ai/backend-api/v1')).toBeNull()
    expect(apiUrlProblem('http://127.0.0.1:8000/backend-api/v1')).toBeNull()
  })
})
