// ESLint: the recommended rules of ESLint and typescript-eslint, with Prettier owning the layout
// (eslint-config-prettier
// turns off every rule it would fight). Run by `npm run lint`, which `npm test` runs first (docs/architecture.md).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.agents-cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value left unused on purpose (a destructured field, a callback's parameter).
      // A closure may read a `let` that is set once, later (a server's rules, known once it listens).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // tmux-orc reads terminals: control characters in its regular expressions are what they look for.
    rules: { 'no-control-regex': 'off' },
  },
  {
    // CommonJS: the bin's launcher (cli/tmux-orc.cts, for V8's code cache) and a preload script of the tests.
    files: ['**/*.cts', '**/*.cjs'],
    languageOptions: { globals: { ...globals.commonjs } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read envelopes and protocol messages as untyped JSON.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The web page runs in the browser.
    files: ['web/page/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
  {
    // Prettier wraps code at 120 columns but not comments; long strings, templates and regexes stay whole (a URL, a
    // screen line a detector matches, an error message tests look for).
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
);
