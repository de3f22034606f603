import { describe, expect, it } from 'vitest'
import {
  artifactKey,
  buildPlan,
  isSafeRelativePath,
  placeArtifacts,
  selectOrders,
  type ArtifactInput,
  type OrderInput,
  type OrderListing,
} from '../../../src/main/downloads/planner'

const MY_KEY = 'A'.repeat(43) + '='
const OTHER_KEY = 'B'.repeat(43) + '='

function order(id: number, overrides: Partial<OrderInput> = {}): OrderInput {
  return { id, state: 'confirmed', rounds: [500], buyer_public_key: MY_KEY, mode: 'file', product: { id: 10 + id, name: `product-${id}` }, ...overrides }
}

function artifact(id: string | number, overrides: Partial<ArtifactInput> = {}): ArtifactInput {
  return { id, round_tournament: 500, object_name: `obj-${id}.csv`, object_size: 148, state: 'active', is_numerai_direct: false, ...overrides }
}

function plan(orders: OrderInput[], listings: OrderListing[], previousPaths?: Map<string, string>) {
  return buildPlan({
    sellingRound: 500,
    scope: 'active',
    orders,
    listings: new Map(listings.map((listing) => [listing.orderId, listing])),
    hasKey: (key) => key === MY_KEY,
    ...(previousPaths ? { previousPaths } : {}),
  })
}

describe('selectOrders', () => {
  const orders = [
    order(3, { rounds: [499, 500] }),
    order(1, { rounds: [501] }),
    order(2, { state: 'pending' }),
    order(4, { state: 'expired' }),
    order(5, { rounds: [498] }),
  ]

  it('active: confirmed and covering the selling round', () => {
    expect(selectOrders(orders, 500, 'active').map((o) => o.id)).toEqual([3])
  })

  it('all: every confirmed order, in id order', () => {
    expect(selectOrders(orders, 500, 'all').map((o) => o.id)).toEqual([1, 3, 5])
  })
})

describe('buildPlan', () => {
  it('uses order artifacts for sealed orders and product artifacts for unencrypted ones', () => {
    const result = plan(
      [order(1), order(2, { buyer_public_key: null, product: { id: 77, name: 'Open Data' } })],
      [
        { orderId: 1, artifacts: [artifact('a'.repeat(32))] },
        { orderId: 2, artifacts: [artifact(5, { object_name: 'open.csv' })] },
      ],
    )
    expect(result.downloads.map((d) => [d.key, d.source, d.sealed, d.relativePath])).toEqual([
      [`order:${'a'.repeat(32)}`, 'order', true, `product-1/500/obj-${'a'.repeat(32)}.csv`],
      ['product:77:5', 'product', false, 'Open Data/500/open.csv'],
    ])
    expect(result.downloads[0]?.buyerPublicKey).toBe(MY_KEY)
    expect(result.downloads[1]?.buyerPublicKey).toBeNull()
  })

  it('skips with a stated reason: numerai-direct, not active, no upload, foreign key, stake orders', () => {
    const result = plan(
      [order(1), order(2, { buyer_public_key: OTHER_KEY }), order(3, { mode: 'stake' })],
      [
        {
          orderId: 1,
          artifacts: [
            artifact('d1', { is_numerai_direct: true }),
            artifact('p1', { state: 'pending' }),
            artifact('f1', { state: 'failed' }),
            artifact('n1', { object_name: null }),
            artifact('ok'),
          ],
        },
        { orderId: 2, artifacts: [artifact('x1')] },
        { orderId: 3, artifacts: [artifact('s1')] },
      ],
    )
    expect(result.downloads.map((d) => d.key)).toEqual(['order:ok'])
    expect(Object.fromEntries(result.skipped.map((s) => [s.artifact.key, s.reason]))).toEqual({
      'order:d1': 'numerai-direct',
      'order:p1': 'not-active',
      'order:f1': 'not-active',
      'order:n1': 'not-an-upload',
      'order:x1': 'not-sealed-to-your-key',
      'order:s1': 'not-a-file-order',
    })
  })

  it('reports orders whose listing was refused', () => {
    const result = plan([order(1)], [{ orderId: 1, unavailable: 'no-longer-available' }])
    expect(result.downloads).toEqual([])
    expect(result.orderProblems).toEqual([{ orderId: 1, productName: 'product-1', reason: 'no-longer-available' }])
  })

  it('lists a product artifact once when several unencrypted orders share the product', () => {
    const shared = { id: 9, name: 'Shared' }
    const result = plan(
      [order(1, { buyer_public_key: null, product: shared }), order(2, { buyer_public_key: null, product: shared })],
      [
        { orderId: 1, artifacts: [artifact(1)] },
        { orderId: 2, artifacts: [artifact(1)] },
      ],
    )
    expect(result.downloads.map((d) => d.key)).toEqual(['product:9:1'])
  })

  it('sanitises every part of the path (malicious names, absolute paths, device names)', () => {
    const result = plan(
      [order(1, { product: { id: 1, name: '../../etc' } })],
      [
        {
          orderId: 1,
          artifacts: [
            artifact('m1', { object_name: '../../x' }),
            artifact('m2', { object_name: '/etc/passwd' }),
            artifact('m3', { object_name: 'C:\\Windows\\evil.dll' }),
            artifact('m4', { object_name: 'CON' }),
            artifact('m5', { object_name: 'name\u0000.csv' }),
          ],
        },
      ],
    )
    for (const download of result.downloads) {
      expect(isSafeRelativePath(download.relativePath)).toBe(true)
      expect(download.relativePath.split('/')).toHaveLength(3)
      expect(download.relativePath.split('/')[0]).toBe('___.._etc')
    }
    expect(result.downloads.map((d) => d.relativePath.split('/')[2])).toEqual(['___.._x', '_etc_passwd', 'C__Windows_evil.dll', '_CON', 'name_.csv'])
  })

  it('disambiguates duplicates deterministically, also across case and normalisation', () => {
    const rows = [artifact('b', { object_name: 'Data.csv' }), artifact('a', { object_name: 'data.csv' }), artifact('c', { object_name: 'data.csv' })]
    const first = plan([order(1)], [{ orderId: 1, artifacts: rows }])
    const second = plan([order(1)], [{ orderId: 1, artifacts: [...rows].reverse() }])
    const paths = (p: typeof first) => Object.fromEntries(p.downloads.map((d) => [d.key, d.relativePath]))
    expect(paths(first)).toEqual(paths(second))
    expect(new Set(Object.values(paths(first)).map((p) => p.toLowerCase())).size).toBe(3)
    expect(paths(first)).toEqual({
      'order:a': 'product-1/500/data.csv',
      'order:c': 'product-1/500/data (2).csv',
      'order:b': 'product-1/500/Data (3).csv',
    })
  })

  it('keeps the paths of earlier runs, even when a newcomer sorts first', () => {
    const earlier = new Map([['order:z', 'product-1/500/data.csv']])
    const result = plan([order(1)], [{ orderId: 1, artifacts: [artifact('a', { object_name: 'data.csv' }), artifact('z', { object_name: 'data.csv' })] }], earlier)
    expect(Object.fromEntries(result.downloads.map((d) => [d.key, d.relativePath]))).toEqual({
      'order:z': 'product-1/500/data.csv',
      'order:a': 'product-1/500/data (2).csv',
    })
  })

  it('ignores unsafe paths from a hand-edited manifest', () => {
    const earlier = new Map([['order:a', '../../outside.csv']])
    const result = plan([order(1)], [{ orderId: 1, artifacts: [artifact('a', { object_name: 'data.csv' })] }], earlier)
    expect(result.downloads[0]?.relativePath).toBe('product-1/500/data.csv')
  })

  it('a skipped row never takes a real file name', () => {
    const result = plan([order(1)], [{ orderId: 1, artifacts: [artifact('f', { object_name: 'x.csv', state: 'failed' }), artifact('z', { object_name: 'x.csv' })] }])
    expect(result.downloads[0]?.relativePath).toBe('product-1/500/x.csv')
    expect(result.skipped[0]?.artifact.relativePath).toBe('product-1/500/x (2).csv')
  })

  it('puts artifacts without a round in a no-round folder', () => {
    const result = plan([order(1)], [{ orderId: 1, artifacts: [artifact('a', { round_tournament: null })] }])
    expect(result.downloads[0]?.relativePath).toBe('product-1/no-round/obj-a.csv')
  })
})

describe('keys and placement', () => {
  it('keys are stable and distinguish the sources', () => {
    expect(artifactKey('order', 1, 'abc')).toBe('order:abc')
    expect(artifactKey('product', 1, 5)).toBe('product:1:5')
  })

  it('placeArtifacts treats paths of artifacts outside the plan as taken', () => {
    const item = {
      key: 'order:new',
      source: 'order' as const,
      artifactId: 'new',
      orderId: 1,
      productId: 1,
      productName: 'p',
      round: 1,
      objectName: 'f.csv',
      sealed: true,
      buyerPublicKey: MY_KEY,
      declaredSize: null,
    }
    const placed = placeArtifacts([item], new Map([['order:old', 'p/1/f.csv']]))
    expect(placed[0]?.relativePath).toBe('p/1/f (2).csv')
  })
})
