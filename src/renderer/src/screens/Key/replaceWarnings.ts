import type { ReplacePlan } from '../../../../shared/ipc'

/** The caution panel's sentences, from the report: what changes on NumerBay and what does not. */
export function replaceWarnings(plan: ReplacePlan): string[] {
  if (plan.currentKeyKind === 'none') {
    return [
      'A new key pair is created on this computer and its public key is uploaded to your NumerBay account.',
      'Your wallet protects the private key: you sign the same message twice, to check that your wallet always signs it the same way.',
      'Only this wallet account can unlock the key later, here or on numerbay.ai.',
    ]
  }
  const warnings = [
    'NumerBay will use the new key from now on, here and on numerbay.ai. An exported numerbay.json of the old key no longer matches your account.',
    'NumerBay re-keys only confirmed orders that cover the current selling round. Pending orders and orders for future rounds stay sealed to the old key.',
  ]
  if (plan.uploadedFilesOnOldKey > 0) {
    warnings.push(
      `${plan.uploadedFilesOnOldKey} file${plan.uploadedFilesOnOldKey === 1 ? ' is' : 's are'} already uploaded and stay sealed to the old key: only the old key can open ${plan.uploadedFilesOnOldKey === 1 ? 'it' : 'them'}.`,
    )
  }
  if (plan.currentKeyKind === 'legacy') warnings.push('Your legacy (v1) key cannot be archived here: export it on numerbay.ai first if you still need its files.')
  return warnings
}
