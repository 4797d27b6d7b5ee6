/**
 * Exact next-token probabilities from raw logits, and seeded temperature / top-p sampling.
 * Both run on the CPU over the full vocabulary that web-llm hands a `LogitProcessor`
 * (raw logits, before logit_bias, penalties and temperature: llm_chat.ts:1750-1778, v0.2.83;
 * `sampleFromRawLogits` in 0.2.86's lib/index.js keeps that order).
 *
 * Invariants: probabilities are computed in float64 with the log-sum-exp shift; a NaN or +Inf
 * logit is a model failure (typically f16 overflow), reported as an EngineFailure, never
 * silently renormalised away. Sampling draws from `random` only, so a seed reproduces it.
 */
import type { Random } from '../../core/random';
import { failWith } from './errors';

export interface Distribution {
  /** Probability of token `id` under the model (temperature 1), in [0, 1]. */
  prob(id: number): number;
  readonly size: number;
}

function checkFinite(logits: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i] as number;
    if (Number.isNaN(v) || v === Infinity) {
      throw failWith(
        'unknown',
        `logit ${i} is ${v}`,
        'The model produced invalid numbers (NaN/Infinity). This happens with some f16 builds on some GPUs: try the q4f32 build of this model.',
      );
    }
    if (v > max) max = v;
  }
  if (max === -Infinity) throw new Error('All logits are -Infinity: nothing can be scored');
  return max;
}

/** The full softmax of `logits` (temperature 1), exposed per token id. */
export function buildDistribution(logits: Float32Array): Distribution {
  const max = checkFinite(logits);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += Math.exp((logits[i] as number) - max);
  const logZ = max + Math.log(z);
  return {
    size: logits.length,
    prob(id: number): number {
      const v = logits[id];
      if (v === undefined || !Number.isInteger(id))
        throw new Error(`Token id ${id} outside vocabulary of ${logits.length}`);
      return Math.exp(v - logZ);
    },
  };
}

function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
  return best;
}

/**
 * Indices of the nucleus (smallest set with mass >= topP), most probable first. Sorting the
 * whole vocabulary per token is slow, so candidates above a threshold are sorted first; the
 * threshold drops until the set holds the required mass, which keeps the result exact.
 */
function nucleus(probs: Float64Array, topP: number, maxProb: number): number[] {
  for (let threshold = maxProb * 1e-3; ; threshold *= 1e-3) {
    const keep: number[] = [];
    let mass = 0;
    for (let i = 0; i < probs.length; i++) {
      if ((probs[i] as number) >= threshold) {
        keep.push(i);
        mass += probs[i] as number;
      }
    }
    if (mass >= topP || threshold < 1e-300 || keep.length === probs.length) {
      keep.sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
      const out: number[] = [];
      let acc = 0;
      for (const i of keep) {
        out.push(i);
        acc += probs[i] as number;
        if (acc >= topP) break;
      }
      return out;
    }
  }
}

/** Samples one token id: temperature 0 is greedy; top-p restricts to the nucleus. */
export function sampleToken(logits: Float32Array, temperature: number, topP: number, random: Random): number {
  if (!(temperature >= 0) || !(topP > 0 && topP <= 1)) {
    throw new Error(`Invalid sampling settings: temperature ${temperature}, top_p ${topP}`);
  }
  const max = checkFinite(logits);
  if (temperature === 0) return argmax(logits);
  const probs = new Float64Array(logits.length);
  let z = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(((logits[i] as number) - max) / temperature);
    probs[i] = e;
    z += e;
  }
  let maxProb = 0;
  for (let i = 0; i < probs.length; i++) {
    probs[i] = (probs[i] as number) / z;
    if ((probs[i] as number) > maxProb) maxProb = probs[i] as number;
  }
  const pool = topP < 1 ? nucleus(probs, topP, maxProb) : null;
  const poolMass = pool === null ? 1 : pool.reduce((s, i) => s + (probs[i] as number), 0);
  let u = random() * poolMass;
  if (pool === null) {
    for (let i = 0; i < probs.length; i++) {
      u -= probs[i] as number;
      if (u < 0 && (probs[i] as number) > 0) return i;
    }
    return argmax(logits); // rounding left u >= 0 at the end: the mode is the safe choice
  }
  for (const i of pool) {
    u -= probs[i] as number;
    if (u < 0) return i;
  }
  return pool[pool.length - 1] as number;
}
