// Worker-thread entry for sealed-box decryption (filled in by the crypto work).
export {}
