import { withoutNpmEnvironment } from '../../../cli/npm-environment.js';

const NPX_PATH = [
  '/opt/node/bin',
  '/home/u/proj/node_modules/.bin',
  '/home/u/node_modules/.bin',
  '/node_modules/.bin',
  '/opt/node/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
  '/home/u/bin',
  '/opt/node/bin',
  '/usr/bin',
].join(':');

test('under npm: npm_*, INIT_CWD, NODE, COLOR and the PATH entries npm prepends go; the rest stays in order', () => {
  const env = withoutNpmEnvironment({
    PATH: NPX_PATH,
    HOME: '/home/u',
    EDITOR: 'vi',
    INIT_CWD: '/home/u/proj',
    NODE: '/opt/node/bin/node',
    COLOR: '1',
    npm_execpath: '/opt/node/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/opt/node/bin/node',
    npm_config_registry: 'https://example.invalid/',
    npm_package_name: 'p',
    NPM_CONFIG_USERCONFIG: '/home/u/.npmrc',
  });
  expect(env).toEqual({
    PATH: '/home/u/bin:/opt/node/bin:/usr/bin',
    HOME: '/home/u',
    EDITOR: 'vi',
    NPM_CONFIG_USERCONFIG: '/home/u/.npmrc',
  });
});

test("not under npm: NODE and COLOR are the user's own, and a PATH without npm entries is unchanged", () => {
  const env = { PATH: '/opt/node/bin:/usr/bin:/opt/node/bin', NODE: '/x/node', COLOR: '0', LANG: 'C.UTF-8' };
  expect(withoutNpmEnvironment(env)).toEqual(env);
});

test('the node directory npm puts first stays when it is not on PATH otherwise', () => {
  const env = withoutNpmEnvironment({
    PATH: '/opt/node/bin:/p/node_modules/.bin:/usr/bin',
    npm_command: 'exec',
    npm_node_execpath: '/opt/node/bin/node',
  });
  expect(env.PATH).toBe('/opt/node/bin:/usr/bin');
});
