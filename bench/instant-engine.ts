/**
 * An engine that answers instantly (on the next microtask, no timers), for measuring the host's
 * overhead: deterministic hash-derived candidate probabilities, a fixed short reasoning text.
 * It counts calls. It reports no token counts: it has no tokenizer, and a made-up count would
 * only look like a measurement (web-llm and servers report theirs; see Results → Model work).
 */
import type {
  Engine,
  EngineInfo,
  GenerateRequest,
  GenerateResult,
  LoadProgress,
  ScoreRequest,
  ScoreResult,
} from '../src/lib/engine/types';
import { hashString } from '../src/lib/core/random';

export class InstantEngine implements Engine {
  readonly info: EngineInfo = { kind: 'webllm', version: 'bench instant 1' };
  scoreCalls = 0;
  generateCalls = 0;

  async load(_modelId: string, onProgress: (p: LoadProgress) => void): Promise<void> {
    onProgress({ fraction: 1, text: 'ready' });
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    this.scoreCalls++;
    const last = request.dialogue.messages[request.dialogue.messages.length - 1];
    const base = `${last?.content.length ?? 0}|${request.dialogue.messages.length}|${last?.content.slice(0, 64) ?? ''}`;
    const weights = request.candidates.map((c) => 1 + (hashString(`${base}|${c.id}`) % 1000));
    const total = weights.reduce((s, w) => s + w, 0);
    const raw: Record<string, number> = {};
    request.candidates.forEach((c, i) => (raw[c.id] = (0.9 * (weights[i] ?? 0)) / total));
    return { raw, method: 'exact' };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.generateCalls++;
    return { text: ` reasoning ${request.seed % 97}.`, finishReason: 'stop' };
  }

  interrupt(): void {}

  async unload(): Promise<void> {}
}
