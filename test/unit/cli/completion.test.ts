import { execFileSync } from 'node:child_process';
import { buildProgram } from '../../../cli/build-program.js';
import { runProgram } from '../../../cli/run-program.js';
import { allGroups } from '../../../cli/groups.js';

async function script(shell: string): Promise<{ exitCode: number; text: string }> {
  let text = '';
  const state = await runProgram(['completion', shell], { stdout: (t) => void (text += t), stderr: () => undefined });
  return { exitCode: state.exitCode, text };
}

/** What bash offers after these words, with the generated script loaded (bash is on every machine that runs tmux). */
function bashOffers(text: string, words: string[]): string[] {
  const line = ['tmux-orc', ...words];
  const program = `${text}\nCOMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; _tmux_orc; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

test('every shell gets a script that names every command and group of the tree', async () => {
  const paths = allGroups()
    .flatMap((g) => [g.name, ...g.commands.map((c) => c.name)])
    .filter(Boolean);
  for (const shell of ['bash', 'zsh', 'fish']) {
    const { exitCode, text } = await script(shell);
    expect(exitCode).toBe(0);
    for (const word of paths)
      expect({ shell, word, found: new RegExp(`\\b${word}\\b`).test(text) }).toEqual({ shell, word, found: true });
  }
});

test('an unknown shell is a usage error', async () => {
  const { exitCode } = await script('tcsh');
  expect(exitCode).toBe(2);
});

test("bash completes groups, their commands and a command's options, past -L <name>", async () => {
  const { text } = await script('bash');
  expect(bashOffers(text, ['ag'])).toEqual(['agent']);
  expect(bashOffers(text, ['agent', ''])).toEqual(expect.arrayContaining(['spawn', 'send', 'read', 'wait', 'kill']));
  expect(bashOffers(text, ['-L', 'work', 'agent', 'sp'])).toEqual(['spawn']);
  expect(bashOffers(text, ['agent', 'spawn', 'proj', '--bri'])).toEqual(['--briefing']);
  expect(bashOffers(text, ['session', 'new', '--w'])).toEqual(['--window-name', '--width']);
  expect(bashOffers(text, ['com'])).toEqual(['completion']);
});

test('zsh and fish scripts parse (when those shells are installed)', async () => {
  for (const shell of ['zsh', 'fish']) {
    let found = true;
    try {
      execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    } catch {
      found = false;
    }
    if (!found) continue;
    const { text } = await script(shell);
    execFileSync(shell, ['-n', '-c', text]);
  }
  expect(buildProgram().program.commands.map((c) => c.name())).toContain('completion');
});
