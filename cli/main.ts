#!/usr/bin/env node
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { runProgram, setDefaultManagerFactory } from './build-program.js';

setDefaultManagerFactory((globals) => {
  const transport = process.env.TMUX_ORC_TRANSPORT;
  return new TMUXManager({
    ...(globals.socketName ? { socketName: globals.socketName } : {}),
    ...(globals.socketPath ? { socketPath: globals.socketPath } : {}),
    transport: transport === 'spawn' || transport === 'control' ? transport : 'auto',
  });
});

const state = await runProgram(process.argv.slice(2));
await state.createdManager?.close();
process.exitCode = state.exitCode;
