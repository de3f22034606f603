// Which screen is shown, kept in the URL hash.

import { useCallback, useEffect, useState } from 'react'
import { isScreenId, type ScreenId } from '../app/screens'

function fromHash(fallback: ScreenId): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '')
  return isScreenId(id) ? id : fallback
}

/**
 * The current screen, mirrored in the URL hash (#/purchases) so a reload keeps the place and tests can open a
 * screen directly. Hash changes are in-page: they never trigger a navigation the shell would block.
 */
export function useScreen(fallback: ScreenId): [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(() => fromHash(fallback))
  useEffect(() => {
    const onHash = (): void => setScreen(fromHash(fallback))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [fallback])
  const go = useCallback((id: ScreenId) => {
    if (window.location.hash !== `#/${id}`) window.location.hash = `/${id}`
    setScreen(id)
  }, [])
  return [screen, go]
}
