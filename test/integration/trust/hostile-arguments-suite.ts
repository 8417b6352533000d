import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../../cli/build-program.js';
import type { CommandSpec } from '../../../cli/command-spec.js';
import type { Envelope } from '../../../cli/envelope.js';
import { allGroups } from '../../../cli/groups.js';
import { commandFields } from '../../../cli/validate-input.js';
import { argKey, isNegated, optionKey, takesValue } from '../../../cli/option-key.js';
import { toolName } from '../../../reflect/tool-names.js';
import { ERROR_CODES } from '../../../src/errors.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { loggedAnswers } from '../../helpers/fake-agent-support.js';
import { connectInMemory, type InMemoryMcp } from '../../helpers/mcp-in-memory.js';
import { fakeAgentArgv, testServers } from '../../helpers/test-servers.js';
import { privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

const servers = testServers('orc-hostile');
const marks = mkdtempSync(join(tmpdir(), 'orc-hostile-marks-'));

/**
 * Strings a user or a prompt-injected model might pass: tmux formats that run commands or expand, command separators,
 * quotes and shell syntax, newlines, escape sequences and paste markers, a lone surrogate, tmux target syntax, a
 * leading dash, and 1 MB.
 */
const HOSTILE: readonly [string, string][] = [
  ['#(command)', `j#(touch ${marks}/ran)`],
  ['#{format}', 'p#{pid}q#{session_name}'],
  ['; separators', 'a;b ; kill-server ;'],
  ['quotes and shell', `"it's" \`id\` $(id) $HOME ~root \\`],
  ['newlines', 'one\ntwo\r\nthree'],
  ['escapes and paste markers', 'x\x1b[201~\x03\x1b]2;title\x07y'],
  ['a lone surrogate', 'bad\ud800utf'],
  ['tmux target syntax', '=x:{marked}.%0'],
  ['a leading dash', '-t%0'],
  ['1 MB', 'm'.repeat(1 << 20)],
];

/**
 * A valid input for every command, into which one hostile value at a time is put. Commands that never reach tmux with
 * user text, or cannot run inside a test, are listed in LEFT_OUT with the reason; a test below fails for a command
 * in neither, so a new command or option is covered without a new test.
 */
const BASE: Record<string, Record<string, unknown>> = {
  list: {},
  status: {},
  doctor: {},
  completion: { shell: 'bash' },
  metrics: {},
  'session list': {},
  'session new': { name: 'hs', windowName: 'w', cwd: '/tmp', command: ['sleep', '600'] },
  'session kill': { name: 'nothing-here' },
  'window new': { session: 'proj', name: 'w', cwd: '/tmp', command: ['sleep', '600'] },
  'window kill': { target: 'proj:nothing-here' },
  'agent spawn': {
    session: 'hs',
    name: 'ag',
    kind: 'custom',
    command: 'sleep',
    args: ['600'],
    cwd: '/tmp',
    role: 'qa',
    env: ['A=1'],
    briefing: 'hi',
    wait: false,
  },
  'agent list': { session: 'proj' },
  'agent info': { target: 'proj:dev' },
  'agent status': { target: 'proj:dev', session: 'proj' },
  'agent send': { target: 'proj:dev', message: 'hello' },
  'agent read': { target: 'proj:dev' },
  'agent wait': { target: 'proj:dev', until: 'idle', timeout: 1 },
  'agent approve': { target: 'proj:dev' },
  'agent deny': { target: 'proj:dev' },
  'agent restart': { target: 'proj:nothing-here' },
  'agent kill': { target: 'proj:nothing-here' },
  'agent diff': { target: 'proj:dev' },
  'team deploy': {
    template: 'frontend',
    project: 'ht',
    kind: 'custom',
    args: ['sleep', '600'],
    cwd: '/tmp',
    wait: false,
  },
  'team status': { session: 'proj' },
  'team list': {},
  'team broadcast': { session: 'proj', message: 'hello all', role: 'developer', exclude: ['nobody'] },
  'team kill': { session: 'nothing-here' },
  'pm message': { message: 'hi pm', session: 'proj' },
  'pm checkin': { session: 'proj' },
  restore: { session: 'nothing-here', dryRun: true },
  'worktree list': {},
  'worktree prune': { dryRun: true },
  'monitor status': {},
  'monitor stop': {},
  'monitor logs': { lines: 5 },
  'monitor dashboard': { session: 'proj', once: true },
  // The interactive view runs until q; its snapshot takes the same session filter (test/e2e/dashboard-tui.test.ts
  // puts hostile names, roles and screens in front of the interactive one).
  dashboard: { session: 'proj', once: true },
};

const LEFT_OUT: Record<string, string> = {
  mcp: 'it is the MCP server itself (globs matched in-process, and --http / --allow-origin: test/reflect and test/e2e/mcp-http cover them)',
  reflect: 'it reads the command tree only, and --write writes files where its caller says',
  attach: 'it hands the terminal to tmux (test/e2e/attach.test.ts); its target resolves as every other target does',
  'monitor run': 'it runs until stopped (the same options as monitor start)',
  'fleet status':
    'it takes no argument or option: its hosts come from the hosts file (test/unit/hosts/hosts-file.test.ts)',
  'monitor start': 'it starts a daemon; its only text option, --session, filters names in-process',
  web: 'it serves until stopped; test/e2e/web-dashboard.test.ts puts hostile session names, roles, screens and messages through it, in a browser',
};

afterAll(() => {
  delete process.env.TMUX_ORC_STATE_DIR;
  rmSync(marks, { recursive: true, force: true });
});

const specs = allGroups().flatMap((g) =>
  g.commands.map((spec) => ({ path: g.name ? `${g.name} ${spec.name}` : spec.name, spec: spec as CommandSpec })),
);

/** The input fields of a command that carry text (strings, or lists of strings). */
function textFields(spec: CommandSpec): { key: string; list: boolean }[] {
  return commandFields(spec)
    .filter((f) => !f.flag && !f.spec.choices && (f.spec.type ?? 'string') === 'string' && !f.spec.schema)
    .map((f) => ({ key: f.key, list: f.spec.variadic === true }));
}

/** The command line for an input: the path, the positional arguments, the options (lists after `--` or repeated). */
function argvFor(path: string, spec: CommandSpec, input: Record<string, unknown>): string[] {
  const argv = [...path.split(' ')];
  const options: string[] = [];
  for (const o of spec.options ?? []) {
    const value = input[optionKey(o.flags)];
    if (value === undefined) continue;
    const long = /--[a-z0-9-]+/.exec(o.flags)![0];
    if (!takesValue(o.flags)) {
      if (isNegated(o.flags) ? value === false : value === true) options.push(long);
    } else for (const v of Array.isArray(value) ? value : [value]) options.push(`${long}=${String(v)}`);
  }
  const positional: string[] = [];
  let rest: string[] = [];
  for (const a of spec.args ?? []) {
    const value = input[argKey(a.name)];
    if (value === undefined) continue;
    if (a.variadic) rest = (value as unknown[]).map(String);
    else positional.push(String(value));
  }
  return [...argv, ...options, '--json', '--', ...positional, ...rest];
}

const KNOWN = new Set(Object.keys(ERROR_CODES).filter((c) => c !== 'internal.error'));

/** The table's own check: every command has a BASE input or a LEFT_OUT reason. */
export function coverageTest(): void {
  test('every command is covered (or left out with a reason)', () => {
    const paths = specs.map((s) => s.path).sort();
    expect(paths.filter((p) => !(p in BASE) && !(p in LEFT_OUT))).toEqual([]);
    expect(Object.keys(BASE).filter((p) => !paths.includes(p))).toEqual([]);
  });
}

/**
 * Every hostile string in every text argument and option of every command, over MCP and the CLI's argv, on one
 * transport: the quoting differs (a control-mode line, an argument array), the escaping must not. One test file per
 * transport (hostile-arguments-control/-spawn.test.ts), so the two run side by side.
 */
export function hostileArgumentsSuite(transport: 'control' | 'spawn'): void {
  describe(`hostile strings in every argument and option, over ${transport}`, () => {
    let tmux: PrivateTmux;
    let manager: TMUXManager;
    let mcp: InMemoryMcp;
    let serverPid: string;
    let log: string;

    beforeAll(async () => {
      process.env.TMUX_ORC_STATE_DIR = join(marks, 'state');
      mkdirSync(process.env.TMUX_ORC_STATE_DIR, { recursive: true, mode: 0o700 });
      // One server for the whole file (servers.server() would be killed after the first test).
      tmux = privateTmux('orc-hostile');
      tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
      manager = tmux.manager({ transport });
      serverPid = tmux.tmux('display-message', '-p', '#{pid}').trim();
      log = join(servers.dir(), `hostile-${transport}.jsonl`);
      await spawnAgent(manager, {
        session: 'proj',
        name: 'dev',
        role: 'developer',
        kind: 'claude',
        command: fakeAgentArgv('claude', log),
      });
      mcp = await connectInMemory(manager);
    });

    afterAll(async () => {
      await mcp?.close();
      await tmux?.kill();
    });

    /**
     * Everything each call must leave true: nothing ran, nothing expanded, the server and the agent are as they were.
     */
    function checkServer(what: string): void {
      expect({ what, ran: readdirSync(marks).filter((f) => f !== 'state') }).toEqual({ what, ran: [] });
      expect(tmux.tmux('display-message', '-p', '#{pid}').trim()).toBe(serverPid);
      const names = tmux.tmux(
        'list-windows',
        '-a',
        '-F',
        '#{session_name}\t#{window_name}\t#{pane_title}\t#{pane_current_path}',
      );
      // `p#{pid}q` expanded would read p<digits>q, and #{session_name} the session's name.
      expect({ what, expanded: /p\d+q/.test(names) }).toEqual({ what, expanded: false });
      expect(loggedAnswers(log)).toEqual([]);
    }

    /** Removes what a call made: every session but keeper and proj, every window of proj but the agent's. */
    function cleanUp(): void {
      const sessions = tmux.tmux('list-sessions', '-F', '#{session_id}\t#{session_name}').trim().split('\n');
      for (const line of sessions) {
        const [id, name] = line.split('\t');
        if (name !== 'keeper' && name !== 'proj') tmux.tmux('kill-session', '-t', id!);
      }
      for (const line of tmux
        .tmux('list-windows', '-t', 'proj', '-F', '#{window_id}\t#{@tmux-orc-name}')
        .trim()
        .split('\n')) {
        const [id, name] = line.split('\t');
        if (name !== 'dev') tmux.tmux('kill-window', '-t', id!);
      }
    }

    const cases = specs
      .filter((s) => s.path in BASE)
      .flatMap(({ path, spec }) => textFields(spec).map((field) => ({ path, spec, field })));

    test.each(cases.map((c) => [`${c.path} ${c.field.key}`, c] as const))(
      '%s',
      async (_name, { path, spec, field }) => {
        for (const [label, hostile] of HOSTILE) {
          const value = field.key === 'env' ? [`K=${hostile}`] : field.list ? [hostile] : hostile;
          const input = { ...BASE[path], [field.key]: value };
          const what = `${path} ${field.key}=${label}`;
          // Over MCP (the model's way in) and through the CLI's own argv parsing.
          const viaMcp = spec.notForMcp ? undefined : (await mcp.call(toolName(path), input)).structuredContent;
          const out: string[] = [];
          const state = await runProgram(argvFor(path, spec, input), {
            manager,
            stdout: (t) => void out.push(t),
            stderr: () => undefined,
          });
          const viaCli = (state.envelope ?? JSON.parse(out.join(''))) as Envelope;
          for (const envelope of [viaMcp, viaCli]) {
            if (!envelope || envelope.ok) continue;
            expect({ what, code: envelope.error.code, known: KNOWN.has(envelope.error.code) }).toMatchObject({
              what,
              known: true,
            });
          }
          checkServer(what);
          cleanUp();
        }
      },
      120_000,
    );
  });
}
