import { describe, expect, it } from 'vitest'
import { parseAppAndVersion } from '../../../src/main/signers/ledger'
import { emulator, HARDHAT_ADDRESS, openEmulatedTransport } from './support'

// The emulator must behave like the Ethereum app at the APDU level (ledger.md §2), or tests over it prove nothing.
const path5 = Buffer.from('058000002c8000003c800000000000000000000000', 'hex')

async function send(mode: Parameters<typeof emulator>[0] = {}, ...apdu: [number, number, number, number, Buffer?]) {
  const transport = openEmulatedTransport(emulator(mode))
  try {
    const [cla, ins, p1, p2, data] = apdu
    const response = await transport.send(cla, ins, p1, p2, data, [0x9000, 0x6a80, 0x6b00, 0x6d00, 0x6e00, 0x6e01, 0x5515, 0x6901, 0x6985])
    return { sw: response.readUInt16BE(response.length - 2), data: response.subarray(0, -2) }
  } finally {
    await transport.close()
  }
}

describe('emulated Ethereum app APDUs', () => {
  it('E0 02 answers pubkey ‖ EIP-55 ASCII address, with the chain code when P2 = 01, and accepts a chainId tail', async () => {
    const plain = await send({}, 0xe0, 0x02, 0x00, 0x00, path5)
    expect(plain.sw).toBe(0x9000)
    expect(plain.data[0]).toBe(65)
    expect(plain.data[66]).toBe(40)
    expect(`0x${plain.data.subarray(67, 107).toString('ascii')}`).toBe(HARDHAT_ADDRESS)
    expect(plain.data.length).toBe(107)
    const withChainCode = await send({}, 0xe0, 0x02, 0x00, 0x01, Buffer.concat([path5, Buffer.from('0000000000000001', 'hex')]))
    expect(withChainCode.data.length).toBe(107 + 32)
    expect((await send({}, 0xe0, 0x02, 0x02, 0x00, path5)).sw).toBe(0x6b00)
    // P1 = 01 shows the address on the device: the person may reject it.
    expect((await send({}, 0xe0, 0x02, 0x01, 0x00, path5)).sw).toBe(0x9000)
    expect((await send({ mode: 'reject' }, 0xe0, 0x02, 0x01, 0x00, path5)).sw).toBe(0x6985)
    expect((await send({}, 0xe0, 0x02, 0x00, 0x00, Buffer.concat([path5, Buffer.from('01', 'hex')]))).sw).toBe(0x6a80)
  })

  it('E0 06 answers flags and version', async () => {
    const config = await send({}, 0xe0, 0x06, 0x00, 0x00)
    expect([...config.data]).toEqual([0x02, 1, 19, 1])
  })

  it('E0 08 refuses a following chunk without a first one, bad P1/P2, and a total over 32766 bytes', async () => {
    expect((await send({}, 0xe0, 0x08, 0x80, 0x00, Buffer.from('61', 'hex'))).sw).toBe(0x6a80)
    expect((await send({}, 0xe0, 0x08, 0x01, 0x00, path5)).sw).toBe(0x6b00)
    const tooLong = Buffer.concat([path5, Buffer.from('00007fff', 'hex'), Buffer.from('61', 'hex')])
    expect((await send({}, 0xe0, 0x08, 0x00, 0x00, tooLong)).sw).toBe(0x6a80)
    const moreThanAnnounced = Buffer.concat([path5, Buffer.from('00000001', 'hex'), Buffer.from('6161', 'hex')])
    expect((await send({}, 0xe0, 0x08, 0x00, 0x00, moreThanAnnounced)).sw).toBe(0x6a80)
  })

  it('answers an intermediate chunk with a bare 9000', async () => {
    const first = Buffer.concat([path5, Buffer.from('00000002', 'hex'), Buffer.from('61', 'hex')])
    expect(await send({}, 0xe0, 0x08, 0x00, 0x00, first)).toEqual({ sw: 0x9000, data: Buffer.alloc(0) })
  })

  it('B0 01 names the open app in each mode; the OS answers 0x5515 when locked', async () => {
    const app = async (mode: Parameters<typeof emulator>[0]) => parseAppAndVersion((await send(mode, 0xb0, 0x01, 0x00, 0x00)).data)
    expect(await app({})).toEqual({ name: 'Ethereum', version: '1.19.1' })
    expect((await app({ mode: 'dashboard' })).name).toBe('BOLOS')
    expect((await app({ mode: 'other-app', otherAppName: 'Solana' })).name).toBe('Solana')
    expect((await send({ mode: 'locked' }, 0xb0, 0x01, 0x00, 0x00)).sw).toBe(0x5515)
  })

  it('status words of the other modes', async () => {
    expect((await send({ mode: 'dashboard' }, 0xe0, 0x06, 0x00, 0x00)).sw).toBe(0x6e01)
    expect((await send({ mode: 'other-app' }, 0xe0, 0x06, 0x00, 0x00)).sw).toBe(0x6e00)
    expect((await send({ mode: 'busy' }, 0xe0, 0x06, 0x00, 0x00)).sw).toBe(0x6901)
    expect((await send({}, 0xe0, 0x7f, 0x00, 0x00)).sw).toBe(0x6d00)
    expect((await send({}, 0xe1, 0x06, 0x00, 0x00)).sw).toBe(0x6e00)
  })

  it('frames a long answer over several 64-byte reports with the echoed channel and rising sequence numbers', async () => {
    const ledger = emulator()
    const transport = openEmulatedTransport(ledger)
    const writes: number[][] = []
    const device = (transport as unknown as { device: { write(data: number[]): number; protocolErrors: string[] } }).device
    const write = device.write.bind(device)
    device.write = (data) => {
      writes.push(data)
      return write(data)
    }
    // 150-byte APDU → 3 reports out; the 139-byte address answer → 3 reports back.
    await transport.send(0xe0, 0x02, 0x00, 0x01, path5)
    const big = Buffer.concat([path5, Buffer.from('00000100', 'hex'), Buffer.alloc(125, 0x41)])
    await transport.send(0xe0, 0x08, 0x00, 0x00, big)
    expect(writes.every((w) => w.length === 65 && w[0] === 0)).toBe(true)
    expect(writes.slice(1, 4).map((w) => (w[4]! << 8) | w[5]!)).toEqual([0, 1, 2])
    expect(device.protocolErrors).toEqual([])
    await transport.close()
  })
})
