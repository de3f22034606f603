// The NumerBay session of the window: the API client for the configured address, who is signed in and how,
// and the purchases view. Signing in goes through the sign-in workflow, as it does for the CLI.

import type { Session } from '../../../shared/ipc'
import { AppError } from '../../../shared/errors'
import type { UserSummary } from '../../../shared/numerbay'
import { createNumerBayClient, type NumerBayClient } from '../../numerbay/client'
import { orderArtifactRow, productArtifactRow, toOrderRow, toUserSummary, type KnownKeys } from '../../numerbay/mappers'
import type { ApiUser } from '../../numerbay/schemas'
import type { Signer } from '../../signers/types'
import { createSession, type NumerBaySession } from '../../numerbay/session'
import { signIn, type SignInMeans } from '../../workflows/sign-in'
import type { Handlers } from '../dispatcher'
import type { EventHub } from '../event-hub'
import type { VaultPort } from '../ports'

export type AccountHandlers = Pick<Handlers, 'getSession' | 'signInWithWallet' | 'signInWithPassword' | 'signOut' | 'listOrders' | 'listArtifacts'>

export interface AccountDeps {
  readonly apiUrl: () => string
  readonly events: EventHub
  /** The wallet that signs the nonce (the signers domain). */
  readonly signingSigner: () => Signer
  /** The vault (built first when `build` and this build has one), or null. Sign-in points it at the account. */
  readonly vault: (build: boolean) => Promise<VaultPort | null>
  /** The keys known now, for each order's key status. */
  readonly knownKeys: () => Promise<KnownKeys>
  /** The account changed (the key state follows). */
  readonly onAccountChanged: () => void
  readonly createClient?: (baseUrl: string) => NumerBayClient
}

export class AccountDomain {
  readonly #deps: AccountDeps
  readonly #createClient: (baseUrl: string) => NumerBayClient
  #client: NumerBayClient
  #user: UserSummary | null = null
  #method: 'wallet' | 'password' | null = null
  readonly handlers: AccountHandlers

  constructor(deps: AccountDeps) {
    this.#deps = deps
    this.#createClient = deps.createClient ?? ((baseUrl) => createNumerBayClient({ baseUrl }))
    this.#client = this.#createClient(deps.apiUrl())
    this.handlers = {
      getSession: () => this.session(),
      signInWithWallet: () => this.#signIn({ kind: 'wallet', signer: deps.signingSigner() }),
      signInWithPassword: ({ username, password }) => this.#signIn({ kind: 'password', username, password }),
      signOut: async () => {
        await this.#setSession(null, null)
        return this.session()
      },
      listOrders: async (args) => {
        const client = this.signedInClient()
        const [globals, page, keys] = await Promise.all([client.getGlobals(), client.searchOrders({ role: 'buyer' }), deps.knownKeys()])
        const rows = page.data.map((order) => toOrderRow(order, globals.selling_round, keys))
        return { sellingRound: globals.selling_round, orders: args?.includeInactive ? rows : rows.filter((row) => row.active) }
      },
      listArtifacts: async ({ orderId }) => {
        const client = this.signedInClient()
        const order = (await client.searchOrders({ role: 'buyer', id: orderId })).data.find((candidate) => candidate.id === orderId)
        if (!order) throw new AppError('API_NOT_FOUND', { detail: `order ${orderId}` })
        const artifacts = order.buyer_public_key
          ? (await client.listOrderArtifacts(orderId)).data.map((artifact) => orderArtifactRow(artifact, order))
          : (await client.listProductArtifacts(order.product.id)).data.map((artifact) => productArtifactRow(artifact, order.product.id))
        return { orderId, artifacts }
      },
    }
  }

  user(): UserSummary | null {
    return this.#user
  }

  /** The signed-in client, or NOT_SIGNED_IN. */
  signedInClient(): NumerBayClient {
    if (!this.#user || !this.#client.signedIn) throw new AppError('NOT_SIGNED_IN')
    return this.#client
  }

  session(): Session {
    return { account: this.#user, apiUrl: this.#client.baseUrl, method: this.#method }
  }

  /**
   * The signed-in session for long runs (watch): when NumerBay refuses the token (8 days, no refresh), a wallet
   * session signs in again with the current signer (a Ledger or phone then asks the person to approve); a
   * password session says to sign in again (the app keeps no password).
   */
  longSession(): NumerBaySession {
    const client = this.signedInClient()
    return createSession(client, async () => {
      if (this.#method !== 'wallet') throw new AppError('NOT_SIGNED_IN', { message: 'Your NumerBay sign-in expired. Sign in again to keep syncing.' })
      const result = await signIn(client, { kind: 'wallet', signer: this.#deps.signingSigner() }, await this.#deps.vault(true))
      await this.#setSession(result.user, result.method)
      return result
    })
  }

  /** A new API address: a new client, and the session ends. */
  async reset(): Promise<void> {
    this.#client.signOut()
    this.#client = this.#createClient(this.#deps.apiUrl())
    await this.#setSession(null, null)
  }

  close(): void {
    this.#client.signOut()
    this.#user = null
  }

  async #signIn(means: SignInMeans): Promise<Session> {
    const vault = await this.#deps.vault(true)
    const result = await signIn(this.#client, means, vault)
    await this.#setSession(result.user, result.method)
    return this.session()
  }

  async #setSession(user: ApiUser | null, method: 'wallet' | 'password' | null): Promise<void> {
    this.#user = user ? toUserSummary(user) : null
    this.#method = user ? method : null
    if (!user) {
      this.#client.signOut()
      await (await this.#deps.vault(false))?.setAccount(null)
    }
    this.#deps.events.emit('session', this.session())
    this.#deps.onAccountChanged()
  }
}
