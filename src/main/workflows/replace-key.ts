// Replacing (or creating) the key pair: the report of which orders follow the new key, the person's
// confirmation, the old private key archived in the local keyring, then the upload. The vault does the
// steps (src/main/vault/vault.ts); this is the one place the app and the CLI ask for them.

import type { ReplaceKeyReport, ReplaceKeyResult } from '../../shared/numerbay'
import type { NumerBayClient } from '../numerbay/client'
import type { ApiGlobals, ApiOrder, ApiUser } from '../numerbay/schemas'
import type { Signer } from '../signers/types'

export interface ReplacingVault {
  setAccount(user: ApiUser, walletAddress?: string): Promise<unknown>
  planReplacement(user: ApiUser, orders: readonly ApiOrder[], globals: Pick<ApiGlobals, 'selling_round'>): ReplaceKeyReport
  replaceKey(options: { client: NumerBayClient; signer: Signer; confirm: (report: ReplaceKeyReport) => Promise<boolean> }): Promise<ReplaceKeyResult>
}

/** The report shown before a replacement, from the account as NumerBay has it now. Nothing changes. */
export async function planKeyReplacement(client: NumerBayClient, vault: ReplacingVault): Promise<ReplaceKeyReport> {
  const [user, globals, orders] = await Promise.all([client.getMe(), client.getGlobals(), client.searchOrders({ role: 'buyer' })])
  await vault.setAccount(user)
  return vault.planReplacement(user, orders.data, globals)
}

/**
 * Replaces the key pair. `confirm` sees the report made just before the upload (the CLI asks on the terminal;
 * the app has already shown planKeyReplacement's report and the person confirmed it).
 */
export function replaceKey(options: { client: NumerBayClient; vault: ReplacingVault; signer: Signer; confirm: (report: ReplaceKeyReport) => Promise<boolean> }): Promise<ReplaceKeyResult> {
  return options.vault.replaceKey({ client: options.client, signer: options.signer, confirm: options.confirm })
}
