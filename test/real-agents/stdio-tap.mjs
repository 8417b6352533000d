#!/usr/bin/env node
// Runs a stdio MCP server (argv after the log file) between a client and itself, unchanged, and appends each line
// that carries a `protocolVersion` (the initialize request and its answer) to the log file, marked by direction:
// what a real client negotiated, seen from outside both.
// Usage: node stdio-tap.mjs <log.jsonl> <command> [args...]
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [log, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const tap = (from, to, direction) => {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (line.includes('"protocolVersion"')) appendFileSync(log, `${JSON.stringify({ direction, line })}\n`);
    to.write(`${line}\n`);
  }).on('close', () => to === child.stdin && child.stdin.end());
};
tap(process.stdin, child.stdin, 'in');
tap(child.stdout, process.stdout, 'out');
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
