#!/usr/bin/env node
// Runs a stdio MCP server (argv after the log file) between a client and itself, passing every line through
// unchanged, and appends each line to the log file as { at, direction, line } ('in': from the client): what a real
// client sent and got (the protocol version, progress tokens, cancellations), seen from outside both.
// Usage: node stdio-tap.mjs <log.jsonl> <command> [args...]
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [log, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const tap = (from, to, direction) => {
  createInterface({ input: from, crlfDelay: Infinity })
    .on('line', (line) => {
      appendFileSync(log, `${JSON.stringify({ at: Date.now(), direction, line })}\n`);
      to.write(`${line}\n`);
    })
    .on('close', () => to === child.stdin && child.stdin.end());
};
tap(process.stdin, child.stdin, 'in');
tap(child.stdout, process.stdout, 'out');
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
