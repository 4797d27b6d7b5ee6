/**
 * Several models per server run (issue 14): each with a size prefilled from the catalogue or the
 * name that the user can correct, a family, a Hugging Face id and a build; what the run spec
 * records; settings saved by the one-model form still open.
 */
import { describe, expect, it } from 'vitest';
import { ServerSettings } from '../../src/state/server.svelte';
import { MemoryStorage } from '../doubles/memory-storage';

/** The settings' storage, holding `initial`. */
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const storage = new MemoryStorage();
  for (const [k, v] of Object.entries(initial)) storage.setItem(k, v);
  return storage;
}

describe('server models', () => {
  it('prefills size, family, Hugging Face id and build from the name, and refills them on a new name', () => {
    const server = new ServerSettings(memoryStorage());
    server.setName(0, 'Qwen/Qwen2.5-7B-Instruct');
    expect(server.models[0]).toEqual({
      name: 'Qwen/Qwen2.5-7B-Instruct',
      size: '7.61B',
      family: 'qwen2.5',
      hfId: 'Qwen/Qwen2.5-7B-Instruct',
      quantization: '',
    });
    server.setName(0, 'Qwen/Qwen2.5-72B-Instruct-AWQ');
    expect(server.models[0]).toMatchObject({ size: '72B', quantization: 'AWQ', hfId: 'Qwen/Qwen2.5-72B-Instruct-AWQ' });
  });

  it('keeps what the user typed over what a new name suggests', () => {
    const server = new ServerSettings(memoryStorage());
    server.setName(0, 'qwen2.5:7b');
    const entry = server.models[0];
    if (!entry) throw new Error('no entry');
    entry.size = '7.6B';
    entry.family = 'My family';
    server.setName(0, 'qwen2.5:14b');
    expect(server.models[0]).toMatchObject({ size: '7.6B', family: 'My family' });
  });

  it('records each named model for the run spec; empty rows and fields are left out', () => {
    const server = new ServerSettings(memoryStorage());
    server.setName(0, 'Qwen/Qwen2.5-7B-Instruct');
    server.addModel();
    server.setName(2, 'mystery');
    server.addModel();
    const mystery = server.models[2];
    if (!mystery) throw new Error('no entry');
    mystery.size = '494M';
    mystery.family = 'Qwen2.5';
    expect(server.modelNames).toEqual(['Qwen/Qwen2.5-7B-Instruct', 'mystery']);
    expect(server.modelInfo()).toEqual({
      'Qwen/Qwen2.5-7B-Instruct': { params: 7.61e9, family: 'qwen2.5', hfId: 'Qwen/Qwen2.5-7B-Instruct' },
      mystery: { params: 494e6, family: 'qwen2.5' },
    });
    expect(server.problem).toBeNull();
  });

  it('says which model has a size that is not a count, or is listed twice', () => {
    const server = new ServerSettings(memoryStorage());
    server.setName(0, 'a');
    server.setName(1, 'b');
    const b = server.models[1];
    if (!b) throw new Error('no entry');
    b.size = '7.6';
    expect(server.problem).toBe(
      'Model 2: the size "7.6" is not a parameter count (write e.g. 494M, 7.6B or 7.6e9, or leave it empty).',
    );
    b.size = '';
    server.setName(1, 'a');
    expect(server.problem).toBe('Model 2: "a" is listed twice.');
  });

  it('opens settings saved by the one-model form, and saves the list', async () => {
    const storage = memoryStorage({
      'server-settings': JSON.stringify({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm1', paramsB: 7, concurrency: 2 }),
    });
    const server = new ServerSettings(storage);
    expect(server.models).toEqual([{ name: 'm1', size: '7B', family: '', hfId: '', quantization: '' }]);
    expect(server.model).toBe('m1');
    server.setName(1, 'm2');
    server.save('http://127.0.0.1:9/v1');
    const again = new ServerSettings(storage);
    expect(again.modelNames).toEqual(['m1', 'm2']);
    expect(again.modelInfo()).toEqual({ m1: { params: 7e9 } });
  });
});
