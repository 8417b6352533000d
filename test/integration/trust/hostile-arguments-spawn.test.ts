import { hostileArgumentsSuite } from './hostile-arguments-suite.js';

// The hostile-argument table (hostile-arguments-suite.ts) over the spawn transport.
hostileArgumentsSuite('spawn');
