import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearOutput, comms, display, openComm, page, prompt } from '../../kernel-ext/src/index.js';
import { setKernelHost, type KernelHost } from '../../kernel-ext/src/runtime/host.js';

interface Published {
  msgType: string;
  content: Record<string, unknown>;
  extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] };
}

function fakeHost(): { host: KernelHost; published: Published[]; payloads: Record<string, unknown>[] } {
  const published: Published[] = [];
  const payloads: Record<string, unknown>[] = [];
  const host: KernelHost = {
    publish: (msgType, content, extra) => published.push({ msgType, content, extra }),
    input: (p) => `answer to ${p}`,
    payload: (p) => payloads.push(p),
  };
  setKernelHost(host);
  return { host, published, payloads };
}

afterEach(() => setKernelHost(undefined));

describe('display', () => {
  it('publishes the whole bundle with metadata and a display id', () => {
    const { published } = fakeHost();
    const id = display({ 'text/html': '<b>x</b>', 'application/json': { a: 1 }, 'text/plain': 'x' }, { metadata: { 'text/html': { isolated: true } } });
    expect(published).toEqual([
      {
        msgType: 'display_data',
        content: { data: { 'text/html': '<b>x</b>', 'application/json': { a: 1 }, 'text/plain': 'x' }, metadata: { 'text/html': { isolated: true } }, transient: { display_id: id } },
        extra: undefined,
      },
    ]);
  });

  it('updates an output in place by its id', () => {
    const { published } = fakeHost();
    const id = display({ 'text/plain': '0' }, { displayId: 'curve' });
    expect(id).toBe('curve');
    display({ 'text/plain': '1' }, { displayId: id, update: true });
    expect(published.map((p) => [p.msgType, (p.content.transient as { display_id: string }).display_id])).toEqual([
      ['display_data', 'curve'],
      ['update_display_data', 'curve'],
    ]);
  });

  it('rejects what frontends could not show, naming the problem', () => {
    fakeHost();
    expect(() => display({})).toThrow(/empty/);
    expect(() => display({ 'text/html': 42 })).toThrow(/'text\/html' must be a string, got a number/);
    expect(() => display({ html: '<b/>' })).toThrow(/'html' is not a MIME type/);
    expect(() => display([] as never)).toThrow(/got an array/);
    expect(() => display({ 'text/plain': 'x' }, { update: true })).toThrow(/displayId/);
  });

  it('prints text/plain outside a kernel', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    display({ 'text/html': '<b>x</b>', 'text/plain': 'plain x' });
    expect(log).toHaveBeenCalledWith('plain x');
    log.mockRestore();
  });

  it('clears output, waiting or not', () => {
    const { published } = fakeHost();
    clearOutput();
    clearOutput(true);
    expect(published.map((p) => p.content)).toEqual([{ wait: false }, { wait: true }]);
  });
});

describe('comms', () => {
  it('runs a frontend-opened comm: open, messages both ways, close', async () => {
    const { published } = fakeHost();
    const received: unknown[] = [];
    comms.registerTarget('t.echo', (comm, open) => {
      comm.send({ hello: open.data });
      comm.onMsg((m) => {
        received.push(m.data);
        comm.send({ echo: m.data }, { note: 1 }, m.buffers);
      });
      comm.onClose((m) => void received.push(['closed', m.data]));
    });
    expect(await comms.acceptOpen('c1', 't.echo', { data: { v: 1 }, metadata: {}, buffers: [] })).toBe(true);
    expect(comms.info('t.echo')).toEqual({ c1: { target_name: 't.echo' } });
    const buffer = new Uint8Array([7]);
    await comms.get('c1')!.deliver('msg', { data: { n: 2 }, metadata: {}, buffers: [buffer] });
    await comms.get('c1')!.deliver('close', { data: { bye: 1 }, metadata: {}, buffers: [] });
    expect(received).toEqual([{ n: 2 }, ['closed', { bye: 1 }]]);
    expect(published).toEqual([
      { msgType: 'comm_msg', content: { comm_id: 'c1', data: { hello: { v: 1 } } }, extra: { metadata: {}, buffers: [] } },
      { msgType: 'comm_msg', content: { comm_id: 'c1', data: { echo: { n: 2 } } }, extra: { metadata: { note: 1 }, buffers: [buffer] } },
    ]);
    expect(comms.info()).toEqual({});
    comms.unregisterTarget('t.echo');
    expect(await comms.acceptOpen('c2', 't.echo', { data: {}, metadata: {}, buffers: [] })).toBe(false);
  });

  it('opens a comm from the kernel and closes it once', () => {
    const { published } = fakeHost();
    const comm = openComm('front.target', { x: 1 }, { version: 2 });
    expect(published[0]).toEqual({ msgType: 'comm_open', content: { comm_id: comm.id, target_name: 'front.target', data: { x: 1 } }, extra: { metadata: { version: 2 }, buffers: [] } });
    comm.close({ done: true });
    comm.close();
    expect(published.filter((p) => p.msgType === 'comm_close')).toEqual([{ msgType: 'comm_close', content: { comm_id: comm.id, data: { done: true } }, extra: undefined }]);
    expect(() => comm.send({})).toThrow(/is closed/);
  });

  it('says a kernel is needed outside one', () => {
    expect(() => openComm('x')).toThrow(/running losslab kernel/);
  });
});

describe('prompt and page', () => {
  it('asks the host, and explains outside a kernel', () => {
    expect(() => prompt('name?')).toThrow(/running losslab kernel/);
    fakeHost();
    expect(prompt('name?')).toBe('answer to name?');
  });
  it('adds a pager payload', () => {
    const { payloads } = fakeHost();
    page('some help');
    expect(payloads).toEqual([{ source: 'page', data: { 'text/plain': 'some help' }, start: 0 }]);
  });
});
