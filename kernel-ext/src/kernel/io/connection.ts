/**
 * The connection file Jupyter writes for a kernel: where to bind its five sockets and how to sign.
 * See https://jupyter-client.readthedocs.io/en/latest/kernels.html#connection-files
 */
import { readFileSync } from 'node:fs';

export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

export type SocketName = 'shell' | 'iopub' | 'stdin' | 'control' | 'hb';

/** Read and check a connection file; the error names the file and the missing field. */
export function readConnectionFile(path: string): ConnectionInfo {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot read the connection file ${path}: ${(e as Error).message}`);
  }
  const transport = raw.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') throw new Error(`${path}: unsupported transport '${String(transport)}'`);
  const info = {
    transport,
    ip: String(raw.ip ?? '127.0.0.1'),
    key: String(raw.key ?? ''),
    signature_scheme: String(raw.signature_scheme ?? 'hmac-sha256'),
  } as ConnectionInfo;
  for (const name of ['shell', 'iopub', 'stdin', 'control', 'hb'] as const) {
    const port = raw[`${name}_port`];
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new Error(`${path}: ${name}_port must be an integer, got ${JSON.stringify(port)}`);
    info[`${name}_port`] = port;
  }
  return info;
}

/** The ZeroMQ endpoint of one socket. */
export function endpoint(info: ConnectionInfo, socket: SocketName): string {
  const port = info[`${socket}_port`];
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
