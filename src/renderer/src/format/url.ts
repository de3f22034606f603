// What the UI shows of a URL: its host, and whether it is this computer (the demo server rather than NumerBay).

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

/** The demo server runs on this machine: loopback hosts mean "not the real NumerBay". */
export function isLoopbackUrl(url: string): boolean {
  const host = hostOf(url)
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
}
