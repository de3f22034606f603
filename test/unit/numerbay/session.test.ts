// The session a long run signs in through: a refused token means one new sign-in, however many calls were in
// flight with it (with a wallet, each sign-in is a signature the person gives).
import { describe, expect, it } from 'vitest'
import { createSession } from '../../../src/main/numerbay/session'
import type { NumerBayClient, SignInResult } from '../../../src/main/numerbay/client'
import type { ApiUser } from '../../../src/main/numerbay/schemas'
import { AppError } from '../../../src/shared/errors'

/** A client whose token is a generation number; `expire()` makes every call sent with the current one fail. */
function fakeClient() {
  let token = 0
  let valid = 0
  const calls: number[] = []
  const client = {
    get signedIn() {
      return token > 0
    },
    async getMe() {
      const sentWith = token
      calls.push(sentWith)
      // Let the other calls go out with the same token before this one is answered.
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (sentWith !== valid) throw new AppError('API_SESSION_EXPIRED')
      return { id: 1 } as ApiUser
    },
  } as unknown as NumerBayClient
  return {
    client,
    calls,
    signIn: async (): Promise<SignInResult> => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      token++
      valid = token
      return { user: { id: 1 } as ApiUser, expiresAt: 0, method: 'wallet' }
    },
    expire: () => void (valid = -1),
  }
}

describe('NumerBay session', () => {
  it('signs in once for several calls refused with the same expired token', async () => {
    const fake = fakeClient()
    let signIns = 0
    const session = createSession(fake.client, async () => {
      signIns++
      return fake.signIn()
    })
    await Promise.all([1, 2, 3].map(() => session.run((c) => c.getMe())))
    expect(signIns).toBe(1)

    fake.expire()
    const results = await Promise.all([1, 2, 3, 4].map(() => session.run((c) => c.getMe())))
    expect(results).toHaveLength(4)
    expect(signIns).toBe(2)
  })

  it('a call refused after another call already signed in again retries with the new token, without a sign-in', async () => {
    const fake = fakeClient()
    let signIns = 0
    const session = createSession(fake.client, async () => {
      signIns++
      return fake.signIn()
    })
    await session.run((c) => c.getMe())
    fake.expire()
    // The slow call goes out first with the old token and is answered after the fast one has signed in again.
    const slow = session.run(async (c) => {
      const answer = c.getMe()
      answer.catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 30))
      return answer
    })
    await session.run((c) => c.getMe())
    await slow
    expect(signIns).toBe(2)
  })
})
