/**
 * The one SHA-1. Dataset files are checked against their pinned git blob SHA-1 with
 * `gitBlobSha1Async`, which uses the platform's `crypto.subtle` (a secure page, Node) and falls
 * back to the pure TypeScript hasher below where it is missing (a page served over plain http on
 * a LAN). The pure hasher is synchronous and incremental (a 15 MB file is hashed without copying
 * it behind a header); prompt hashes use it, since they are computed synchronously per trial.
 * Both give the same digits. Not for security, only for integrity.
 */

/** An incremental SHA-1 hasher: `new Sha1().update(a).update(b).hex()`. */
export class Sha1 {
  #h0 = 0x67452301;
  #h1 = 0xefcdab89;
  #h2 = 0x98badcfe;
  #h3 = 0x10325476;
  #h4 = 0xc3d2e1f0;
  readonly #block = new Uint8Array(64);
  #blockLength = 0;
  #totalBytes = 0;
  readonly #w = new Int32Array(80);
  #finished = false;

  update(bytes: Uint8Array): this {
    if (this.#finished) throw new Error('Sha1.update called after hex()');
    this.#totalBytes += bytes.length;
    let offset = 0;
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, bytes.length);
      this.#block.set(bytes.subarray(0, take), this.#blockLength);
      this.#blockLength += take;
      offset = take;
      if (this.#blockLength < 64) return this;
      this.#compress(this.#block, 0);
      this.#blockLength = 0;
    }
    while (offset + 64 <= bytes.length) {
      this.#compress(bytes, offset);
      offset += 64;
    }
    if (offset < bytes.length) {
      this.#block.set(bytes.subarray(offset), 0);
      this.#blockLength = bytes.length - offset;
    }
    return this;
  }

  /** Finishes the hash; the hasher cannot be updated afterwards. */
  hex(): string {
    if (this.#finished) throw new Error('Sha1.hex called twice');
    const bitLength = this.#totalBytes * 8;
    const padLength = this.#blockLength < 56 ? 56 - this.#blockLength : 120 - this.#blockLength;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLength, Math.floor(bitLength / 0x100000000));
    view.setUint32(padLength + 4, bitLength >>> 0);
    this.update(pad);
    this.#finished = true;
    return [this.#h0, this.#h1, this.#h2, this.#h3, this.#h4]
      .map((v) => (v >>> 0).toString(16).padStart(8, '0'))
      .join('');
  }

  #compress(bytes: Uint8Array, offset: number): void {
    const w = this.#w;
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] =
        ((bytes[j] as number) << 24) |
        ((bytes[j + 1] as number) << 16) |
        ((bytes[j + 2] as number) << 8) |
        (bytes[j + 3] as number);
    }
    for (let i = 16; i < 80; i++) {
      const x = (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = this.#h0;
    let b = this.#h1;
    let c = this.#h2;
    let d = this.#h3;
    let e = this.#h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + (w[i] as number)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    this.#h0 = (this.#h0 + a) | 0;
    this.#h1 = (this.#h1 + b) | 0;
    this.#h2 = (this.#h2 + c) | 0;
    this.#h3 = (this.#h3 + d) | 0;
    this.#h4 = (this.#h4 + e) | 0;
  }
}

/** SHA-1 of bytes, as 40 lowercase hex digits. */
export function sha1Hex(bytes: Uint8Array): string {
  return new Sha1().update(bytes).hex();
}

/** SHA-1 of a string's UTF-8 bytes. */
export function sha1OfText(text: string): string {
  return sha1Hex(new TextEncoder().encode(text));
}

/** git blob SHA-1: sha1("blob " + byteLength + "\0" + bytes), what `git hash-object` prints. */
export function gitBlobSha1(bytes: Uint8Array): string {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  return new Sha1().update(header).update(bytes).hex();
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * git blob SHA-1 by `crypto.subtle` where the platform has it, else by the pure hasher (pass
 * `subtle: null` to force it). Same result as `gitBlobSha1`.
 */
export async function gitBlobSha1Async(
  bytes: Uint8Array,
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<string> {
  if (subtle === null) return gitBlobSha1(bytes);
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  const all = new Uint8Array(header.length + bytes.length);
  all.set(header);
  all.set(bytes, header.length);
  return toHex(new Uint8Array(await subtle.digest('SHA-1', all)));
}
